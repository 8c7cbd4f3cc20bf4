using System.Collections.Frozen;
using Triage.Rules.Matching;
using Triage.Symptoms;

namespace Triage.Rules.Loading;

/// <summary>Parses a rule's <c>map:</c> section.</summary>
internal static class MapParser
{
    private static readonly string[] Keys = ["attr", "values", "default"];

    /// <param name="node">The <c>map:</c> node.</param>
    /// <param name="context">Where the loader is.</param>
    /// <param name="sources">Attributes the rule can produce before the map applies.</param>
    /// <exception cref="RuleLoadException">Any problem in the section.</exception>
    public static AttrMap Parse(YamlNode node, LoadContext context, IReadOnlySet<string> sources)
    {
        var fields = new YamlFields(node, context, "map", Keys);
        var attrNode = fields.Required("attr");
        var attr = YamlScalars.AttrName(attrNode, context);
        if (!sources.Contains(attr))
        {
            throw context.Error(attrNode, $"map attr '{attr}' is not produced by the rule (no such group, collect or constant attr)");
        }

        var valuesNode = fields.Required("values");
        if (valuesNode.Kind != YamlNodeKind.Mapping)
        {
            throw context.Error(valuesNode, $"'values' must be a mapping, found {valuesNode.Describe()}");
        }

        if (valuesNode.Entries.Count > RuleLimits.MaxMapValues)
        {
            throw context.Error(valuesNode, $"more than {RuleLimits.MaxMapValues} map values");
        }

        var values = new Dictionary<string, AttrMapEntry>(StringComparer.Ordinal);
        foreach (var entry in valuesNode.Entries)
        {
            values[entry.Key.Value] = ParseEntry(entry.Value, context);
        }

        var defaultEntry = fields.Optional("default") is { } d ? ParseEntry(d, context) : null;
        return new AttrMap(attr, values.ToFrozenDictionary(StringComparer.Ordinal), defaultEntry);
    }

    private static AttrMapEntry ParseEntry(YamlNode node, LoadContext context)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            throw context.Error(node, $"a map entry must be a mapping, found {node.Describe()}");
        }

        SymptomCategory? category = null;
        Severity? severity = null;
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in node.Entries)
        {
            switch (entry.Key.Value)
            {
                case "kind":
                    throw context.Error(entry.Key, "a map entry cannot change 'kind'");
                case "category":
                    category = YamlScalars.Category(entry.Value, context, "category");
                    break;
                case "severity":
                    severity = YamlScalars.Severity(entry.Value, context, "severity");
                    break;
                default:
                    var name = YamlScalars.AttrName(entry.Key, context);
                    attrs[name] = YamlScalars.String(entry.Value, context, name);
                    break;
            }
        }

        return new AttrMapEntry(category, severity, attrs.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
