using Triage.Simulator.Tests.Support;

namespace Triage.Simulator.Tests;

public sealed class DeterminismTests : IDisposable
{
    private readonly SimTempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("torch-sum", 7)]
    [InlineData("regression,ib-flap", 3)]
    [InlineData("host-oom", 11)]
    public void Simulate_SameOptionsTwice_WritesByteIdenticalFiles(string scenarios, int seed)
    {
        var a = Simulate(_temp.Sub("a/run"), scenarios, seed);
        var b = Simulate(_temp.Sub("b/run"), scenarios, seed);

        var filesA = Relative(a.RunDirectory);
        var filesB = Relative(b.RunDirectory);
        Assert.Equal(filesA, filesB);
        foreach (var f in filesA)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a.RunDirectory, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b.RunDirectory, f))), f + " differs");
        }

        Assert.Equal(File.ReadAllBytes(a.TruthPath), File.ReadAllBytes(b.TruthPath));
        Assert.False(File.Exists(a.TruthPath + ".noise.tmp"));
    }

    [Fact]
    public void Simulate_OtherSeed_WritesOtherFiles()
    {
        var a = Simulate(_temp.Sub("a/run"), "race", 1);
        var b = Simulate(_temp.Sub("b/run"), "race", 2);

        Assert.NotEqual(File.ReadAllBytes(a.TruthPath), File.ReadAllBytes(b.TruthPath));
    }

    private static SimulationResult Simulate(string dir, string scenarios, int seed) => RunSimulator.Simulate(new SimulationOptions
    {
        Scenarios = scenarios.Split(','),
        OutputDirectory = dir,
        Ranks = 32,
        Seed = seed,
        Hours = 2,
    });

    private static List<string> Relative(string dir) =>
        [.. Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal)];
}
