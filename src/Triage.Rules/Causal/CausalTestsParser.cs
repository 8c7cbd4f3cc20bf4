using System.Collections.Frozen;
using System.Globalization;
using Triage.Rules.Loading;
using Triage.Symptoms;

namespace Triage.Rules.Causal;

/// <summary>Parses a causal rule's <c>tests:</c>: pairs of symptoms and whether the rule must explain one by the other.</summary>
internal static class CausalTestsParser
{
    /// <summary>The run of test symptoms that name none.</summary>
    public const string DefaultRun = "test";

    private static readonly string[] CaseKeys = ["cause", "effect", "explains"];
    private static readonly string[] SymptomKeys = ["kind", "time", "run", "host", "rank", "gpu", "pid", "severity", "category", "attrs"];
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <exception cref="RuleLoadException">Not a list, no test that explains or none that does not, or a malformed test.</exception>
    public static IReadOnlyList<CausalTestCase> Parse(YamlNode node, LoadContext context, CausalRule rule)
    {
        if (node.Kind != YamlNodeKind.Sequence)
        {
            throw context.Error(node, $"'tests' must be a list, found {node.Describe()}");
        }

        if (node.Items.Count > RuleLimits.MaxTestsPerRule)
        {
            throw context.Error(node, $"more than {RuleLimits.MaxTestsPerRule} tests");
        }

        var tests = new List<CausalTestCase>(node.Items.Count);
        foreach (var item in node.Items)
        {
            var fields = new YamlFields(item, context, "test", CaseKeys);
            var number = tests.Count + 1;
            var cause = ParseSymptom(fields.Required("cause"), context, rule.Cause, $"{rule.Id}#{number}/cause");
            var effect = ParseSymptom(fields.Required("effect"), context, rule.Effect, $"{rule.Id}#{number}/effect");
            var explains = YamlScalars.Bool(fields.Required("explains"), context, "explains");
            tests.Add(new CausalTestCase(cause, effect, explains, item.Line));
        }

        if (!tests.Exists(t => t.Explains) || !tests.Exists(t => !t.Explains))
        {
            throw context.Error(node, "'tests' needs at least one test with 'explains: true' and one with 'explains: false'");
        }

        return tests.AsReadOnly();
    }

    private static Symptom ParseSymptom(YamlNode node, LoadContext context, CausalMatch side, string id)
    {
        var fields = new YamlFields(node, context, "test symptom", SymptomKeys);
        var kindNode = fields.Required("kind");
        var kindName = YamlScalars.String(kindNode, context, "kind");
        if (!SymptomKinds.TryGet(kindName, out var kind))
        {
            throw context.Error(kindNode, $"unknown kind '{CausalFileParser.Cap(kindName)}'");
        }

        var attrsNode = fields.Optional("attrs");
        var attrs = attrsNode is null ? new Dictionary<string, string>(StringComparer.Ordinal) : YamlScalars.StringMap(attrsNode, context, "attrs");
        if (attrsNode is not null && attrs.Count > CausalLimits.MaxAttrs)
        {
            throw context.Error(attrsNode, $"more than {CausalLimits.MaxAttrs} attrs");
        }

        return new Symptom
        {
            Id = id,
            Run = fields.OptionalString("run") ?? DefaultRun,
            Timestamp = fields.Optional("time") is { } time ? ParseTime(time, context) : null,
            Host = fields.OptionalString("host"),
            Rank = OptionalInt(fields, context, "rank"),
            Gpu = OptionalInt(fields, context, "gpu"),
            Pid = OptionalInt(fields, context, "pid"),
            Kind = kind.Name,
            Category = fields.Optional("category") is { } category ? YamlScalars.Category(category, context, "category") : kind.DefaultCategory,

            // Unstated severity is what the rule asks for at least (error when it asks nothing):
            // a test states severity only when severity is what it is about.
            Severity = fields.Optional("severity") is { } severity
                ? YamlScalars.Severity(severity, context, "severity")
                : side.MinSeverity ?? Severity.Error,
            Signature = kind.Name,
            Message = string.Empty,
            Source = new SymptomSource(context.Path, node.Line, 0),
            Rule = "test",
            Attrs = attrs.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }

    private static int? OptionalInt(YamlFields fields, LoadContext context, string key) =>
        fields.Optional(key) is { } node ? YamlScalars.Int(node, context, key, 0, int.MaxValue) : null;

    private static DateTimeOffset ParseTime(YamlNode node, LoadContext context)
    {
        var text = YamlScalars.String(node, context, "time");
        if (!DateTimeOffset.TryParseExact(
                text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            throw context.Error(node, $"'time' must be an ISO 8601 time such as 2026-05-02T03:00:00Z, found '{CausalFileParser.Cap(text)}'");
        }

        return time.ToUniversalTime();
    }
}
