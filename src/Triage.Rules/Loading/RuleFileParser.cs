using System.Text.RegularExpressions;

namespace Triage.Rules.Loading;

/// <summary>Parses one rule file (schema version 1) into a <see cref="RuleFile"/>.</summary>
internal static partial class RuleFileParser
{
    public const int SupportedSchemaVersion = 1;

    private static readonly string[] Keys = ["schemaVersion", "family", "description", "rules"];

    /// <exception cref="RuleLoadException">Any problem, with file, line and rule id.</exception>
    public static RuleFile Parse(string path, string yaml)
    {
        var context = new LoadContext(path);
        var root = YamlTreeReader.Read(yaml, context);
        if (root is null || root.IsNull)
        {
            throw context.Error(1, 1, "the rule file is empty");
        }

        // The version is checked before the keys: a newer file should say "unsupported version",
        // not "unknown key" for whatever that version added.
        var version = RuleFileSource.ReadSchemaVersion(root, context, SupportedSchemaVersion, "rule");
        var fields = new YamlFields(root, context, "rule file", Keys);
        var familyNode = fields.Required("family");
        var family = YamlScalars.String(familyNode, context, "family");
        if (!NamePattern().IsMatch(family))
        {
            throw context.Error(familyNode, $"invalid family '{family}' (use a-z, 0-9, '_', '.', '-')");
        }

        var description = fields.OptionalString("description");
        var rulesNode = fields.Required("rules");
        if (rulesNode.Kind != YamlNodeKind.Sequence || rulesNode.Items.Count == 0)
        {
            throw context.Error(rulesNode, "'rules' must be a non-empty list of rules");
        }

        if (rulesNode.Items.Count > RuleLimits.MaxRulesPerFile)
        {
            throw context.Error(rulesNode, $"more than {RuleLimits.MaxRulesPerFile} rules in one file");
        }

        var rules = new List<Rule>(rulesNode.Items.Count);
        foreach (var ruleNode in rulesNode.Items)
        {
            rules.Add(RuleParser.Parse(ruleNode, family, context));
        }

        return new RuleFile(path, family, description, version, rules)
        {
            FamilyPosition = (familyNode.Line, familyNode.Column),
        };
    }

    /// <summary>Rule ids and family names: lower-case letters, digits, '_', '.', '-'.</summary>
    [GeneratedRegex("^[a-z0-9_.-]{1,128}$", RegexOptions.CultureInvariant)]
    internal static partial Regex NamePattern();
}
