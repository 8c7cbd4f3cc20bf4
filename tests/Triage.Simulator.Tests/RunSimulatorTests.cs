using Triage.Simulator.Tests.Support;

namespace Triage.Simulator.Tests;

public sealed class RunSimulatorTests : IDisposable
{
    private readonly SimTempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("torch-summ", 64, 8, 4.0, "unknown scenario 'torch-summ'")]
    [InlineData("ecc", 60, 8, 4.0, "--ranks must be a multiple of --gpus-per-host (8)")]
    [InlineData("ecc", 0, 8, 4.0, "--ranks must be")]
    [InlineData("ecc", 64, 0, 4.0, "--gpus-per-host must be between 1 and 16")]
    [InlineData("ecc", 64, 8, 0.0, "--hours must be more than 0")]
    public void Simulate_BadOptions_ThrowsOneLineUsageError(string scenario, int ranks, int gpus, double hours, string expected)
    {
        var ex = Assert.Throws<TriageException>(() => RunSimulator.Simulate(new SimulationOptions
        {
            Scenarios = [scenario],
            OutputDirectory = _temp.Sub("run"),
            Ranks = ranks,
            GpusPerHost = gpus,
            Hours = hours,
        }));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Simulate_NonEmptyDirectoryWithoutForce_RefusesAndKeepsIt()
    {
        var dir = _temp.Sub("run");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");

        var ex = Assert.Throws<TriageException>(() => RunSimulator.Simulate(new SimulationOptions { Scenarios = ["ecc"], OutputDirectory = dir, Ranks = 16, Hours = 1 }));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("--force", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "keep.txt")));
    }

    [Fact]
    public void Simulate_TrailingSlash_PutsTruthBesideTheDirectory()
    {
        var dir = _temp.Sub("incident") + Path.DirectorySeparatorChar;

        var result = RunSimulator.Simulate(new SimulationOptions { Scenarios = ["gpu-lost"], OutputDirectory = dir, Ranks = 16, Hours = 1 });

        Assert.Equal(_temp.Sub("incident.truth.json"), result.TruthPath);
        Assert.True(File.Exists(result.TruthPath));
        Assert.Contains("run: incident", File.ReadAllText(Path.Combine(result.RunDirectory, "run.yaml")), StringComparison.Ordinal);
    }
}
