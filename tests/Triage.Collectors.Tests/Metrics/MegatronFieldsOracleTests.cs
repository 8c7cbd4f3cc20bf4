using System.Text.RegularExpressions;
using Triage.Collectors.Metrics;
using Triage.Collectors.Tests.Support;
using Triage.Testing;

namespace Triage.Collectors.Tests.Metrics;

/// <summary>The hand-written field reader against the regex it replaced (kept here as the oracle).</summary>
public sealed partial class MegatronFieldsOracleTests
{
    private static readonly string[] Pieces =
    [
        "|", "|", " | ", ":", ": ", " ", "\t", "\u00a0", "a", "Z", "lm loss", "grad norm", "samples/sec", "1", "2.5E-04", "-3", "+", "-", ".",
        "nan", "-inf", "x", "\u00e9", "(ms)", new string('q', 40), new string('7', 41), "-" + new string('8', 40), new string('n', 85), "TFLOPS",
    ];

    [Fact]
    public void AddAll_EveryLineOfTheSamples_SameValuesAsTheRegex()
    {
        var lines = Directory.EnumerateFiles(Path.Combine(TestRepository.Root, "samples"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".log", StringComparison.Ordinal) || f.EndsWith(".out", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .ToList();

        Assert.Contains(lines, l => l.Contains("iteration ", StringComparison.Ordinal) && l.Contains('|'));
        foreach (var line in lines)
        {
            AssertSame(line);
        }
    }

    [Fact]
    public void AddAll_RandomLinesOfFieldPieces_SameValuesAsTheRegex()
    {
        var random = new Random(22);
        for (var i = 0; i < 20_000; i++)
        {
            var line = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            AssertSame(line);
            AssertSame(" iteration 5/ 10 |" + line);
        }
    }

    [Fact]
    public void AddAll_SimulatedRunsAndBenchFormatLines_SameValuesAsTheRegex()
    {
        var root = Directory.CreateTempSubdirectory("megatron-oracle-").FullName;
        try
        {
            for (var seed = 1; seed <= 3; seed++)
            {
                SyntheticRun.Write(Path.Combine(root, $"run{seed}"), seed);
            }

            var lines = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).SelectMany(File.ReadLines).ToList();
            Assert.Contains(lines, l => l.Contains("iteration ", StringComparison.Ordinal));
            foreach (var line in lines)
            {
                AssertSame(line);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        // The bench's iteration line (bench/Triage.Bench/LogGenerator.cs), with the values a failing run prints.
        var random = new Random(7);
        string[] losses = ["2.345678E+00", "nan", "-nan", "inf", "-inf", "1.0E+30", "0"];
        for (var i = 0; i < 2_000; i++)
        {
            AssertSame(FormattableString.Invariant(
                $" [2026-12-07 10:00:00] iteration {i,8}/  500000 | consumed samples: {i * 1024,12} | elapsed time per iteration (ms): {1800 + random.Next(100)}.{random.Next(10)} | learning rate: 2.999E-04 | lm loss: {losses[random.Next(losses.Length)]} | loss scale: 1.0 | grad norm: 0.{random.Next(1000):000} | number of skipped iterations:   0 |"));
        }
    }

    private static void AssertSame(string line)
    {
        var expected = new MetricRow();
        foreach (Match field in OldField().Matches(line))
        {
            if (IterationLineParser.TryNumber(field.Groups["value"].ValueSpan, out var value))
            {
                var (name, scale) = MetricNames.Canonical(field.Groups["name"].Value.Replace("/", "_per_", StringComparison.Ordinal));
                expected.Values.Add(new(name, value * scale));
            }
        }

        var actual = new MetricRow();
        MegatronFields.AddAll(line, actual);
        Assert.True(expected.Values.SequenceEqual(actual.Values), line);
    }

    [GeneratedRegex(@"(?:^|\|)\s*(?<name>[A-Za-z][^|:]{0,80}?):\s*(?<value>[-+]?[0-9A-Za-z.+-]{1,40})\s*(?=\|)", RegexOptions.CultureInvariant)]
    private static partial Regex OldField();
}
