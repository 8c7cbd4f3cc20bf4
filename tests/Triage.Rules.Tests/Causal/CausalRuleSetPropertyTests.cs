using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Triage.Rules.Causal;
using Triage.Rules.Tests.Causal.Support;
using Triage.Symptoms;
using Triage.Testing;

namespace Triage.Rules.Tests.Causal;

/// <summary>The loader round-trips valid models and fails on damaged files only with <see cref="RuleLoadException"/>.</summary>
public class CausalRuleSetPropertyTests
{
    private static readonly Lazy<string[]> RealFiles = new(
        () => Directory.GetFiles(Path.Combine(TestRepository.Rules, "causal"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray());

    [Property]
    public Property Parse_WrittenModel_ParsesBackEqual() =>
        Prop.ForAll(CausalGenerators.RuleSet.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (rules, omitBefore) =>
        {
            // Arrange
            var yaml = CausalYamlWriter.Write(rules, omitBefore);

            // Act
            var parsed = CausalRuleSet.Parse(yaml, "gen.yaml").Rules;

            // Assert
            Assert.Equal(rules.Length, parsed.Count);
            for (var i = 0; i < rules.Length; i++)
            {
                var expected = rules[i] with { File = "gen.yaml", Line = parsed[i].Line, Column = 5 };
                Assert.Equal(expected, parsed[i]);
                Assert.Equal(rules[i].Tests.Count, parsed[i].Tests.Count);
                for (var t = 0; t < rules[i].Tests.Count; t++)
                {
                    Assert.Equal(rules[i].Tests[t].Explains, parsed[i].Tests[t].Explains);
                    AssertSameSymptom(rules[i].Tests[t].Cause, parsed[i].Tests[t].Cause);
                    AssertSameSymptom(rules[i].Tests[t].Effect, parsed[i].Tests[t].Effect);
                }
            }
        });

    [Property]
    public Property Parse_DamagedFile_LoadsOrThrowsRuleLoadException() =>
        Prop.ForAll(DamagedFiles.ToArbitrary(), yaml =>
        {
            try
            {
                var set = CausalRuleSet.Parse(yaml, "fuzz.yaml");

                // Whatever loaded must also run its own tests and answer queries without throwing.
                set.RunTests();
                foreach (var rule in set.Rules)
                {
                    foreach (var test in rule.Tests)
                    {
                        set.RulesFor(test.Cause, test.Effect).ToList();
                    }
                }

                return true;
            }
            catch (RuleLoadException ex)
            {
                return ex.Message.StartsWith("fuzz.yaml", StringComparison.Ordinal);
            }
        });

    private static Gen<string> ValidFiles =>
        Gen.OneOf(
            CausalGenerators.RuleSet.Select(rules => CausalYamlWriter.Write(rules)),
            Gen.Elements(RealFiles.Value),
            Gen.Constant(CausalSamples.OneRule));

    private static Gen<string> DamagedFiles =>
        from text in ValidFiles
        from edits in Gen.NonEmptyListOf(Edit)
        select edits.Aggregate(text, (current, edit) => edit(current));

    private static Gen<Func<string, string>> Edit => Gen.OneOf(
        // Truncation anywhere.
        Gen.Choose(0, 100_000).Select<int, Func<string, string>>(at => text => text[..(at % (text.Length + 1))]),

        // A random character replaced, inserted or removed.
        from at in Gen.Choose(0, 100_000)
        from c in Gen.Frequency(
            (3, Gen.Elements(':', '-', '{', '}', '[', ']', ' ', '\n', '"', '\'', '#', '*', '&', '!', '|', '>', '\t', '0', 'z')),
            (1, Gen.Choose(0, 0xFFFF).Select(i => (char)i)))
        from how in Gen.Choose(0, 2)
        select (Func<string, string>)(text => Mutate(text, at, c, how)),

        // A whole line deleted (usually one key) or duplicated.
        from at in Gen.Choose(0, 100_000)
        from duplicate in Gen.Elements(false, true)
        select (Func<string, string>)(text => EditLine(text, at, duplicate)),

        // A value swapped for a value of another key.
        from at in Gen.Choose(0, 100_000)
        from value in Gen.Elements("[]", "{}", "~", "''", "-1", "99999999999", "1d1d", "gpu.*", "*.x", "run", "true", "[[[", "\"\\u0000\"")
        select (Func<string, string>)(text => ReplaceValue(text, at, value)));

    private static string Mutate(string text, int at, char c, int how)
    {
        var builder = new StringBuilder(text);
        var position = builder.Length == 0 ? 0 : at % builder.Length;
        switch (how)
        {
            case 0 when builder.Length > 0:
                builder[position] = c;
                break;
            case 1:
                builder.Insert(position, c);
                break;
            default:
                if (builder.Length > 0)
                {
                    builder.Remove(position, 1);
                }

                break;
        }

        return builder.ToString();
    }

    private static string EditLine(string text, int at, bool duplicate)
    {
        var lines = text.Split('\n').ToList();
        var index = at % lines.Count;
        if (duplicate)
        {
            lines.Insert(index, lines[index]);
        }
        else
        {
            lines.RemoveAt(index);
        }

        return string.Join('\n', lines);
    }

    private static string ReplaceValue(string text, int at, string value)
    {
        var lines = text.Split('\n');
        var index = at % lines.Length;
        var colon = lines[index].IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0)
        {
            lines[index] = lines[index][..(colon + 2)] + value;
        }

        return string.Join('\n', lines);
    }

    private static void AssertSameSymptom(Symptom expected, Symptom actual)
    {
        Assert.Equal(
            (expected.Kind, expected.Run, expected.Timestamp, expected.Host, expected.Rank, expected.Gpu, expected.Pid, expected.Severity, expected.Category),
            (actual.Kind, actual.Run, actual.Timestamp, actual.Host, actual.Rank, actual.Gpu, actual.Pid, actual.Severity, actual.Category));
        Assert.Equal(expected.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal), actual.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal));
    }
}
