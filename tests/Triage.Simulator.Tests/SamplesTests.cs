using Triage.Collectors.Extraction;
using Triage.Rules;
using Triage.Simulator.Tests.Support;
using Triage.Simulator.Truth;
using Triage.Symptoms;
using Triage.Testing;

namespace Triage.Simulator.Tests;

/// <summary>The bundled samples: each truth file reads, labels every symptom the rules find, and the generated ones are reproducible.</summary>
public sealed class SamplesTests : IDisposable
{
    private readonly SimTempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Samples() => ["gpu-fell-off-bus", "torch-sum", "ib-flap", "host-oom"];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_EveryExtractedSymptom_IsLabelledInItsTruth(string sample)
    {
        var dir = Path.Combine(TestRepository.Root, "samples", sample);
        var truth = TruthReader.Read(dir + ".truth.json");
        var labelled = truth.Symptoms.Select(s => (s.Path, s.Line)).Concat(truth.Noise.Select(n => (n.Path, n.Line))).ToHashSet();
        var rules = RuleSet.LoadDirectory(TestRepository.Rules);
        var found = new List<Symptom>();

        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => !IsCore(Path.GetRelativePath(dir, f))))
        {
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            await FileExtraction.ExtractAsync(file, relative, rules, (batch, _) =>
            {
                found.AddRange(batch);
                return Task.CompletedTask;
            });
        }

        Assert.Equal(sample, truth.Run);
        Assert.NotEmpty(found);
        // log.unknown symptoms are mined context, not rule findings, and info-level symptoms are echoes of
        // a labelled event; the truth lists only abnormal lines rules should find.
        Assert.All(found.Where(s => !SymptomKinds.IsFact(s.Kind) && s.Kind != "log.unknown" && s.Severity > Severity.Info), s => Assert.Contains((s.Source.Path, s.Source.Line), labelled));
    }

    [Theory]
    [InlineData("torch-sum", 10, 4)]
    [InlineData("ib-flap", 1, 2)]
    [InlineData("host-oom", 4, 2)]
    public void GeneratedSample_RegeneratedWithItsCommand_IsByteIdentical(string sample, int seed, int hours)
    {
        var committed = Path.Combine(TestRepository.Root, "samples", sample);

        var result = RunSimulator.Simulate(new SimulationOptions { Scenarios = [sample], OutputDirectory = _temp.Sub(sample), Ranks = 32, Hours = hours, Seed = seed });

        var files = Directory.EnumerateFiles(committed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(committed, f))
            .Where(f => !IsCore(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.EnumerateFiles(result.RunDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(result.RunDirectory, f)).Order(StringComparer.Ordinal));
        foreach (var f in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(committed, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(result.RunDirectory, f))), $"samples/{sample}/{f} is stale: regenerate it (samples/README.md)");
        }

        Assert.Equal(File.ReadAllBytes(committed + ".truth.json"), File.ReadAllBytes(result.TruthPath));
    }

    /// <summary>cores/ holds real crash dumps (and the modules they crashed in) made by samples/torch-sum-cores/make-cores.sh: not generated, not logs.</summary>
    private static bool IsCore(string relativePath) => relativePath.StartsWith("cores" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
