using System.Text.RegularExpressions;
using Triage.Collectors.Metrics;
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
