using System.Collections.Frozen;
using Triage.Symptoms;

namespace Triage.Rules.Loading;

/// <summary>Parses a rule's <c>tests:</c> section.</summary>
internal static class RuleTestsParser
{
    private static readonly string[] Keys = ["match", "noMatch"];
    private static readonly string[] MatchKeys = ["text", "attrs", "signature", "category", "severity"];
    private static readonly string[] NoMatchKeys = ["text"];

    /// <exception cref="RuleLoadException">No match test, or a malformed test.</exception>
    public static RuleTests Parse(YamlNode node, LoadContext context)
    {
        var fields = new YamlFields(node, context, "tests", Keys);
        var matchNode = fields.Optional("match");
        if (matchNode is null || matchNode.Kind != YamlNodeKind.Sequence || matchNode.Items.Count == 0)
        {
            throw context.Error(matchNode ?? node, "'tests.match' must be a non-empty list: every rule needs at least one match test");
        }

        var noMatchNode = fields.Optional("noMatch");
        if (noMatchNode is not null && noMatchNode.Kind != YamlNodeKind.Sequence)
        {
            throw context.Error(noMatchNode, $"'tests.noMatch' must be a list, found {noMatchNode.Describe()}");
        }

        var noMatchCount = noMatchNode?.Items.Count ?? 0;
        if (matchNode.Items.Count + noMatchCount > RuleLimits.MaxTestsPerRule)
        {
            throw context.Error(node, $"more than {RuleLimits.MaxTestsPerRule} tests");
        }

        var match = new List<RuleTestCase>(matchNode.Items.Count);
        foreach (var item in matchNode.Items)
        {
            match.Add(ParseCase(item, context, MatchKeys));
        }

        var noMatch = new List<RuleTestCase>(noMatchCount);
        foreach (var item in noMatchNode?.Items ?? [])
        {
            noMatch.Add(ParseCase(item, context, NoMatchKeys));
        }

        return new RuleTests(match, noMatch);
    }

    private static RuleTestCase ParseCase(YamlNode node, LoadContext context, string[] keys)
    {
        var empty = FrozenDictionary<string, string>.Empty;
        if (node.Kind == YamlNodeKind.Scalar)
        {
            return new RuleTestCase(Text(node, context), node.Line, empty, null, null, null);
        }

        var fields = new YamlFields(node, context, "test", keys);
        return new RuleTestCase(
            Text(fields.Required("text"), context),
            node.Line,
            fields.Optional("attrs") is { } attrs ? YamlScalars.StringMap(attrs, context, "attrs").ToFrozenDictionary(StringComparer.Ordinal) : empty,
            fields.OptionalString("signature"),
            fields.Optional("category") is { } category ? YamlScalars.Category(category, context, "category") : null,
            fields.Optional("severity") is { } severity ? YamlScalars.Severity(severity, context, "severity") : (Severity?)null);
    }

    private static string Text(YamlNode node, LoadContext context)
    {
        var text = YamlScalars.String(node, context, "text");
        if (node.IsNull || text.Length == 0)
        {
            throw context.Error(node, "a test text must not be empty");
        }

        return text;
    }
}
