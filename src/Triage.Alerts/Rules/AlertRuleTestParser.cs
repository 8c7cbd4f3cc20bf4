using System.Globalization;
using Triage.Rules.Loading;
using Triage.Symptoms;

namespace Triage.Alerts.Rules;

/// <summary>
/// Reads a rule's <c>tests:</c>: each test lists symptoms (<c>kind</c>, optional <c>host rank gpu
/// signature severity attrs minute collateral</c>) and <c>expect: {alerts: N, keys: [...]}</c>.
/// </summary>
internal static class AlertRuleTestParser
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] SymptomKeys = ["kind", "host", "rank", "gpu", "signature", "severity", "category", "attrs", "minute", "collateral", "count"];

    public static IReadOnlyList<AlertRuleTest> Parse(Reader read, YamlNode node)
    {
        var tests = new List<AlertRuleTest>();
        foreach (var test in read.Items(node, "tests"))
        {
            read.Keys(test, ["name", "symptoms", "expect"]);
            var symptoms = new List<Symptom>();
            var collateral = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in read.Items(test["symptoms"] ?? throw read.Error(test, "a test needs symptoms:"), "symptoms"))
            {
                read.Keys(s, SymptomKeys);
                var count = read.Int(s, "count", 1);
                for (var i = 0; i < count; i++)
                {
                    var symptom = ToSymptom(read, s, symptoms.Count, i);
                    symptoms.Add(symptom);
                    if (read.Bool(s, "collateral"))
                    {
                        collateral.Add(symptom.Id);
                    }
                }
            }

            var expect = test["expect"] ?? throw read.Error(test, "a test needs expect:");
            read.Keys(expect, ["alerts", "keys"]);
            tests.Add(new AlertRuleTest(
                test.ScalarOf("name") ?? $"test {tests.Count + 1}",
                symptoms,
                collateral,
                read.Int(expect, "alerts", 0),
                expect["keys"] is { } keys ? read.Strings(keys, "keys") : []));
        }

        return tests;
    }

    private static Symptom ToSymptom(Reader read, YamlNode s, int index, int repeat)
    {
        var kind = s.ScalarOf("kind") ?? throw read.Error(s, "a test symptom needs a kind");
        var severity = Severity.Error;
        if (s.ScalarOf("severity") is { } sev && !Names.TryParseSeverity(sev, out severity))
        {
            throw read.Error(s, $"unknown severity '{sev}'");
        }

        var category = SymptomCategory.Software;
        if (s.ScalarOf("category") is { } cat && !Names.TryParseCategory(cat, out category))
        {
            throw read.Error(s, $"unknown category '{cat}'");
        }

        int? Number(string key) => s[key] is null ? null : read.Int(s, key, 0);
        return new Symptom
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"t{index}"),
            Run = "test",
            Timestamp = Epoch.AddMinutes(read.Int(s, "minute", 0) + repeat),
            Host = s.ScalarOf("host"),
            Rank = Number("rank"),
            Gpu = Number("gpu"),
            Kind = kind,
            Category = category,
            Severity = severity,
            Signature = s.ScalarOf("signature") ?? kind,
            Message = kind,
            Source = new SymptomSource("test.log", index + 1, 0),
            Rule = "test",
            Attrs = s["attrs"] is { } a ? read.Labels(a) : new Dictionary<string, string>(),
        };
    }
}
