using Triage.Collectors.Collection;
using Triage.Rules;
using Triage.Simulator.Scenarios;
using Triage.Simulator.Tests.Support;
using Triage.Storage.Embedded;
using Triage.Testing;

namespace Triage.Simulator.Tests;

/// <summary>
/// Symptom ids are unique within a run and stable across re-reads, over every bundled sample and
/// every simulated scenario: a fresh store keeps every symptom found (two symptoms with one id would
/// leave one unstored, as the second NaN of a metrics row once did), and collecting again stores nothing.
/// </summary>
public sealed class SymptomIdPropertyTests : IDisposable
{
    private static readonly Lazy<RuleSet> Rules = new(() => RuleSet.LoadDirectory(TestRepository.Rules));
    private readonly SimTempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Samples() =>
        new(Directory.EnumerateDirectories(Path.Combine(TestRepository.Root, "samples")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static TheoryData<string> Scenarios() => new(ScenarioCatalog.Names);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Collect_Sample_EverySymptomStoredOnce(string sample) =>
        await AssertUniqueAndStableAsync(Path.Combine(TestRepository.Root, "samples", sample), sample);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Collect_SimulatedRun_EverySymptomStoredOnce(string scenario)
    {
        var run = await SimulatedRun.GetAsync(scenario, 1);

        // The extractor's own output (one id per symptom) and the whole collector (logs, metrics, dumps).
        var duplicates = run.Symptoms.GroupBy(s => s.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" | ", g.Select(s => $"{s.Source.Path}:{s.Source.Line} {s.Kind} {s.Signature}"))}").ToList();
        Assert.True(duplicates.Count == 0, string.Join(Environment.NewLine, duplicates));
        await AssertUniqueAndStableAsync(run.Directory, scenario);
    }

    private async Task AssertUniqueAndStableAsync(string directory, string name)
    {
        var store = await SqliteSymptomStore.OpenAsync(_temp.Sub(name + ".db"), TimeProvider.System);
        await using (store.ConfigureAwait(false))
        {
            var collector = new RunCollector(store, Rules.Value, TimeProvider.System);

            var first = await collector.CollectAsync(directory, new CollectOptions { Run = name });
            var again = await collector.CollectAsync(directory, new CollectOptions { Run = name });

            Assert.True(first.SymptomsFound > 0, $"{name}: no symptoms");
            Assert.Equal(first.SymptomsFound, first.SymptomsNew);
            Assert.Equal(0, again.SymptomsNew);
        }
    }
}
