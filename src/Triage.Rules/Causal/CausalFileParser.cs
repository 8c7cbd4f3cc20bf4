using Triage.Rules.Loading;

namespace Triage.Rules.Causal;

/// <summary>Parses one causal rule file (schema version 1, <c>family: causal</c>).</summary>
internal static class CausalFileParser
{
    public const int SupportedSchemaVersion = 1;

    public const string Family = "causal";

    private static readonly string[] Keys = ["schemaVersion", "family", "description", "rules"];

    /// <exception cref="RuleLoadException">Any problem, with file, line, column and rule id when known.</exception>
    public static List<CausalRule> Parse(string path, string yaml)
    {
        var context = new LoadContext(path);
        var root = YamlTreeReader.Read(yaml, context);
        if (root is null || root.IsNull)
        {
            throw context.Error(1, 1, "the causal rule file is empty");
        }

        // The version is checked before the keys: a newer file should say "unsupported version",
        // not "unknown key" for whatever that version added.
        RuleFileSource.ReadSchemaVersion(root, context, SupportedSchemaVersion, "causal rule");
        var fields = new YamlFields(root, context, "causal rule file", Keys);
        var familyNode = fields.Required("family");
        var family = YamlScalars.String(familyNode, context, "family");
        if (!string.Equals(family, Family, StringComparison.Ordinal))
        {
            throw context.Error(familyNode, $"a causal rule file has 'family: {Family}', found '{Cap(family)}'");
        }

        fields.OptionalString("description");
        var rulesNode = fields.Required("rules");
        if (rulesNode.Kind != YamlNodeKind.Sequence || rulesNode.Items.Count == 0)
        {
            throw context.Error(rulesNode, "'rules' must be a non-empty list of causal rules");
        }

        if (rulesNode.Items.Count > RuleLimits.MaxRulesPerFile)
        {
            throw context.Error(rulesNode, $"more than {RuleLimits.MaxRulesPerFile} rules in one file");
        }

        var rules = new List<CausalRule>(rulesNode.Items.Count);
        foreach (var ruleNode in rulesNode.Items)
        {
            rules.Add(CausalRuleParser.Parse(ruleNode, context));
        }

        return rules;
    }

    internal static string Cap(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
}
