using System.Globalization;
using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Support;
using Triage.Symptoms;
using Triage.Testing;

namespace Triage.Collectors.Tests.Extraction;

/// <summary>
/// Real-format log excerpts per rule family (RealLines/FAMILY.log, from public issue threads and
/// tool sources named in FAMILY.expected) through the real extractor and the built-in rules: every
/// expected symptom at its line with its kind and attrs, and nothing else.
/// </summary>
public sealed class RealLinesTests
{
    public static TheoryData<string> Families() => new(FamilyNames());

    [Fact]
    public void Families_CoverEveryRuleFile()
    {
        var families = FamilyNames().ToHashSet(StringComparer.Ordinal);

        Assert.All(TestRules.BuiltIn.Files, f => Assert.Contains(Path.GetFileNameWithoutExtension(f.Path), families));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Extract_RealLines_ExactlyTheExpectedSymptoms(string family)
    {
        var dir = Path.Combine(TestRepository.TestProject, "RealLines");
        var expected = ParseExpected(Path.Combine(dir, family + ".expected"));
        var found = new List<Symptom>();

        await FileExtraction.ExtractAsync(Path.Combine(dir, family + ".log"), family + ".log", TestRules.BuiltIn, (batch, _) =>
        {
            // Rules only: facts the launchers print (versions, restarts) are LaunchFactsTests'.
            found.AddRange(batch.Where(s => !s.Rule.StartsWith(LaunchFacts.RulePrefix, StringComparison.Ordinal)));
            return Task.CompletedTask;
        }, ExtractionLimits.Default with { MaxUnknownPerSource = 0 }); // rules only: mining unknown lines is tested in Mining/

        var actual = found.Select(s => $"{s.Source.Line} {s.Kind}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Select(e => $"{e.Line} {e.Kind}").Order(StringComparer.Ordinal).ToArray(), actual);
        foreach (var e in expected)
        {
            var symptom = found.First(s => s.Source.Line == e.Line && s.Kind == e.Kind);
            foreach (var (key, value) in e.Attrs)
            {
                Assert.True(symptom.Attrs.TryGetValue(key, out var got) && got == value, $"{family}.log:{e.Line} {e.Kind}: attr {key} expected '{value}', got '{got}'");
            }
        }
    }

    private static IEnumerable<string> FamilyNames() =>
        Directory.GetFiles(Path.Combine(TestRepository.TestProject, "RealLines"), "*.log").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    private static List<(long Line, string Kind, Dictionary<string, string> Attrs)> ParseExpected(string path)
    {
        var result = new List<(long, string, Dictionary<string, string>)>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var attrs = parts.Skip(2).Select(p => p.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
            result.Add((long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], attrs));
        }

        return result;
    }
}
