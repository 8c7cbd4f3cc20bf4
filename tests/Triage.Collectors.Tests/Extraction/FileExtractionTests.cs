using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Metrics;
using Triage.Collectors.Tests.Support;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Extraction;

public sealed class FileExtractionTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExtractAsync_MegatronLog_RuleSymptomsFirstThenTheMetricFindings()
    {
        // Arrange: a NaN iteration line (a rule's) and a loss spike (the metrics pass's, a second read after the rules' pass).
        var path = Path.Combine(_temp.Path, "train.log");
        await File.WriteAllTextAsync(path, MetricsCollectionTests.MegatronLog(300, spikeAt: 220));
        var batches = new List<Symptom[]>();

        // Act
        var outcome = await FileExtraction.ExtractAsync(path, "train.log", TestRules.BuiltIn, (batch, _) => { batches.Add([.. batch]); return Task.CompletedTask; });

        // Assert
        var kinds = batches.SelectMany(b => b).Select(s => s.Kind).ToList();
        Assert.Contains("train.nan", kinds);
        Assert.Contains("train.loss_spike", kinds);
        Assert.True(kinds.IndexOf("train.nan") < kinds.IndexOf("train.loss_spike"));
        Assert.All(batches[^1], s => Assert.DoesNotContain(s.Kind, new[] { "train.nan" }));
        Assert.Equal(kinds.Count, outcome.Symptoms);
    }

    [Fact]
    public async Task ExtractAsync_ConsumerFails_TheFailureSurfaces()
    {
        // Arrange
        var path = Path.Combine(_temp.Path, "train.log");
        await File.WriteAllTextAsync(path, MetricsCollectionTests.MegatronLog(300, spikeAt: 220));

        // Act + Assert
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => FileExtraction.ExtractAsync(
            path, "train.log", TestRules.BuiltIn, (_, _) => throw new InvalidOperationException("consumer broke")).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("consumer broke", ex.Message);
    }
}
