using System.Collections.Frozen;
using Triage.Rules.Loading;
using Triage.Symptoms;

namespace Triage.Rules.Causal;

/// <summary>Parses and validates one entry of a causal file's <c>rules:</c>.</summary>
internal static class CausalRuleParser
{
    private static readonly string[] Keys = ["id", "description", "cause", "effect", "scope", "window", "tests"];
    private static readonly string[] MatchKeys = ["kinds", "categories", "minSeverity", "attrs"];
    private static readonly string[] WindowKeys = ["before", "after"];

    /// <exception cref="RuleLoadException">Any problem, naming the rule once its id is known.</exception>
    public static CausalRule Parse(YamlNode node, LoadContext context)
    {
        context.RuleId = null;

        // The id is read before the keys are checked so that even an unknown-key error names the rule.
        var id = ReadId(node, context);
        context.RuleId = id;
        var fields = new YamlFields(node, context, "causal rule", Keys);
        var descriptionNode = fields.Required("description");
        var description = YamlScalars.String(descriptionNode, context, "description").Trim();
        if (description.Length == 0)
        {
            throw context.Error(descriptionNode, "'description' must not be empty: say why the effect follows the cause");
        }

        var cause = ParseMatch(fields.Required("cause"), context, "cause");
        var effectNode = fields.Required("effect");
        var effect = ParseMatch(effectNode, context, "effect");
        if (effect.Kinds.Count == 0 && effect.Categories.Count == 0)
        {
            throw context.Error(effectNode, "'effect' must name kinds or categories: an effect that matches every symptom would make everything collateral");
        }

        var scope = ParseScope(fields.Required("scope"), context);
        var (before, after) = ParseWindow(fields.Required("window"), context);
        var rule = new CausalRule(id, description, cause, effect, scope, before, after)
        {
            File = context.Path,
            Line = node.Line,
            Column = node.Column,
        };
        return rule with { Tests = CausalTestsParser.Parse(fields.Required("tests"), context, rule) };
    }

    /// <summary>A duration such as <c>30s</c>, from 0 to <see cref="CausalLimits.MaxWindow"/>.</summary>
    public static TimeSpan ParseDuration(YamlNode node, LoadContext context, string key)
    {
        var text = YamlScalars.String(node, context, key);
        if (!Duration.TryParse(text, out var value))
        {
            throw context.Error(
                node, $"'{key}' must be a duration such as 500ms, 30s, 10m, 2h or 1h30m, found '{CausalFileParser.Cap(text)}'");
        }

        if (value > CausalLimits.MaxWindow)
        {
            throw context.Error(node, $"'{key}' is longer than {Duration.Format(CausalLimits.MaxWindow)}");
        }

        return value;
    }

    private static string ReadId(YamlNode node, LoadContext context)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            throw context.Error(node, $"a causal rule must be a mapping, found {node.Describe()}");
        }

        foreach (var entry in node.Entries)
        {
            if (entry.Key.Value == "id" && !entry.Value.IsNull)
            {
                var id = YamlScalars.String(entry.Value, context, "id");
                if (!RuleFileParser.NamePattern().IsMatch(id))
                {
                    throw context.Error(entry.Value, $"invalid rule id '{CausalFileParser.Cap(id)}' (use a-z, 0-9, '_', '.', '-')");
                }

                return id;
            }
        }

        throw context.Error(node, "causal rule is missing required key 'id'");
    }

    private static CausalMatch ParseMatch(YamlNode node, LoadContext context, string side)
    {
        var fields = new YamlFields(node, context, side, MatchKeys);
        var kinds = new List<string>();
        foreach (var item in List(fields.Optional("kinds"), context, $"{side}.kinds"))
        {
            var kind = YamlScalars.String(item, context, $"{side}.kinds");
            if (CausalMatch.IsWildcard(kind))
            {
                var prefix = kind[..^1];
                if (!SymptomKinds.All.Any(k => k.Name.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    throw context.Error(item, $"wildcard '{CausalFileParser.Cap(kind)}' matches no kind");
                }
            }
            else if (!SymptomKinds.IsKnown(kind))
            {
                throw context.Error(item, $"unknown kind '{CausalFileParser.Cap(kind)}'");
            }

            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }

        var categories = new List<SymptomCategory>();
        foreach (var item in List(fields.Optional("categories"), context, $"{side}.categories"))
        {
            var category = YamlScalars.Category(item, context, $"{side}.categories");
            if (!categories.Contains(category))
            {
                categories.Add(category);
            }
        }

        var attrsNode = fields.Optional("attrs");
        var attrs = attrsNode is null ? new Dictionary<string, string>(StringComparer.Ordinal) : YamlScalars.StringMap(attrsNode, context, $"{side}.attrs");
        if (attrsNode is not null && attrs.Count > CausalLimits.MaxAttrs)
        {
            throw context.Error(attrsNode, $"more than {CausalLimits.MaxAttrs} attrs");
        }

        return new CausalMatch
        {
            Kinds = kinds.AsReadOnly(),
            Categories = categories.AsReadOnly(),
            MinSeverity = fields.Optional("minSeverity") is { } severity ? YamlScalars.Severity(severity, context, "minSeverity") : null,
            Attrs = attrs.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }

    private static List<YamlNode> List(YamlNode? node, LoadContext context, string key)
    {
        if (node is null)
        {
            return [];
        }

        if (node.Kind != YamlNodeKind.Sequence)
        {
            throw context.Error(node, $"'{key}' must be a list, found {node.Describe()}");
        }

        if (node.Items.Count > CausalLimits.MaxListItems)
        {
            throw context.Error(node, $"more than {CausalLimits.MaxListItems} entries in '{key}'");
        }

        return node.Items;
    }

    private static CausalScope ParseScope(YamlNode node, LoadContext context)
    {
        var text = YamlScalars.String(node, context, "scope");
        return Names.TryParse<CausalScope>(text, out var scope)
            ? scope
            : throw context.Error(
                node, $"unknown scope '{CausalFileParser.Cap(text)}' (expected {string.Join(", ", Names.All<CausalScope>())})");
    }

    private static (TimeSpan Before, TimeSpan After) ParseWindow(YamlNode node, LoadContext context)
    {
        var fields = new YamlFields(node, context, "window", WindowKeys);
        var before = fields.Optional("before") is { } b ? ParseDuration(b, context, "before") : CausalLimits.DefaultBefore;
        var after = ParseDuration(fields.Required("after"), context, "after");
        return (before, after);
    }
}
