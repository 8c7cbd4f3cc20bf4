using System.Collections.Frozen;
using Triage.Rules.Matching;
using Triage.Symptoms;

namespace Triage.Rules.Loading;

/// <summary>Parses and validates one entry of <c>rules:</c>.</summary>
internal static class RuleParser
{
    private static readonly string[] Keys =
    [
        "id", "kind", "severity", "category", "description", "literals", "regex", "ignoreCase",
        "signature", "attrs", "map", "block", "tests", "exclude", "fallback",
    ];

    /// <exception cref="RuleLoadException">Any problem, naming the rule once its id is known.</exception>
    public static Rule Parse(YamlNode node, string family, LoadContext context)
    {
        context.RuleId = null;

        // The id is read before the keys are checked so that even an unknown-key error names the rule.
        var id = ReadId(node, context);
        context.RuleId = id;
        var fields = new YamlFields(node, context, "rule", Keys);
        var kindNode = fields.Required("kind");
        var kindName = YamlScalars.String(kindNode, context, "kind");
        if (!SymptomKinds.TryGet(kindName, out var kind))
        {
            throw context.Error(kindNode, $"unknown kind '{TextBounds.Cap(kindName, 80)}'");
        }

        var ignoreCase = fields.OptionalBool("ignoreCase", defaultValue: false);
        var regex = CompileRegex(fields.Required("regex"), context, "regex", ignoreCase);
        var exclude = fields.Optional("exclude") is { } excludeNode ? CompileRegex(excludeNode, context, "exclude", ignoreCase) : null;
        var constants = fields.Optional("attrs") is { } attrsNode
            ? YamlScalars.StringMap(attrsNode, context, "attrs")
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var block = fields.Optional("block") is { } blockNode ? BlockParser.Parse(blockNode, context, ignoreCase) : null;
        // "fallback: true" or "fallback: last" (tried after every other fallback, see Rule.FallbackLast).
        var fallbackLast = fields.Optional("fallback") is { } fallbackNode && YamlScalars.String(fallbackNode, context, "fallback") == "last";
        var fallback = fallbackLast || fields.OptionalBool("fallback", defaultValue: false);
        if (fallback && block is not null)
        {
            throw context.Error(node, "a block rule cannot be a 'fallback' (fallbacks are single-line family rules)");
        }

        var sources = new HashSet<string>(regex.GroupNames, StringComparer.Ordinal);
        sources.UnionWith(constants.Keys);
        if (block is not null)
        {
            sources.UnionWith(block.End?.GroupNames ?? []);
            foreach (var collect in block.Collect)
            {
                sources.Add(collect.Into);
            }
        }

        var map = fields.Optional("map") is { } mapNode ? MapParser.Parse(mapNode, context, sources) : null;
        var known = new HashSet<string>(sources, StringComparer.Ordinal) { "truncated" };
        if (map is not null)
        {
            AddMapAttrs(known, map);
        }

        var signature = ParseSignature(fields.Optional("signature"), context, known);
        return new Rule
        {
            Id = id,
            Family = family,
            Kind = kind.Name,
            Severity = fields.Optional("severity") is { } severity
                ? YamlScalars.Severity(severity, context, "severity")
                : Severity.Error,
            Category = fields.Optional("category") is { } category
                ? YamlScalars.Category(category, context, "category")
                : kind.DefaultCategory,
            Description = fields.OptionalString("description"),
            Literals = ParseLiterals(fields.Required("literals"), context).AsReadOnly(),
            Pattern = regex.Pattern,
            IgnoreCase = ignoreCase,
            Attrs = constants.ToFrozenDictionary(StringComparer.Ordinal),
            File = context.Path,
            Line = node.Line,
            Column = node.Column,
            Tests = RuleTestsParser.Parse(fields.Required("tests"), context),
            Regex = regex,
            Exclude = exclude,
            Fallback = fallback,
            FallbackLast = fallbackLast,
            Block = block,
            Map = map,
            SignatureTemplate = signature,
        };
    }

    private static string ReadId(YamlNode node, LoadContext context)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            throw context.Error(node, $"a rule must be a mapping, found {node.Describe()}");
        }

        foreach (var entry in node.Entries)
        {
            if (entry.Key.Value == "id" && !entry.Value.IsNull)
            {
                var id = YamlScalars.String(entry.Value, context, "id");
                if (!RuleFileParser.NamePattern().IsMatch(id))
                {
                    throw context.Error(entry.Value, $"invalid rule id '{TextBounds.Cap(id, 80)}' (use a-z, 0-9, '_', '.', '-')");
                }

                return id;
            }
        }

        throw context.Error(node, "rule is missing required key 'id'");
    }

    /// <exception cref="RuleLoadException">
    /// Not a string, empty, too long, not a valid .NET regex, or using a construct the linear-time
    /// engine cannot run (<see cref="BacktrackingConstructs"/>).
    /// </exception>
    public static SafeRegex CompileRegex(YamlNode node, LoadContext context, string key, bool ignoreCase)
    {
        var pattern = YamlScalars.String(node, context, key);
        if (pattern.Length == 0)
        {
            throw context.Error(node, $"'{key}' must not be empty");
        }

        if (pattern.Length > RuleLimits.MaxPatternChars)
        {
            throw context.Error(node, $"'{key}' is longer than {RuleLimits.MaxPatternChars} characters");
        }

        SafeRegex regex;
        try
        {
            regex = SafeRegex.Create(pattern, ignoreCase);
        }
        catch (ArgumentException ex)
        {
            throw context.Error(node, $"invalid {key}: {ex.Message}");
        }

        // Checked after the syntax so that a broken pattern gets the parser's message.
        if (BacktrackingConstructs.Find(pattern) is { } construct)
        {
            throw context.Error(node, $"'{key}' uses a {construct}, which needs the backtracking engine (a line whose match times out would be lost); match without it, and say what the rule must not match with 'exclude:'");
        }

        return regex;
    }

    private static List<string> ParseLiterals(YamlNode node, LoadContext context)
    {
        if (node.Kind != YamlNodeKind.Sequence || node.Items.Count == 0)
        {
            throw context.Error(node, "'literals' must be a non-empty list of strings");
        }

        if (node.Items.Count > RuleLimits.MaxLiteralsPerRule)
        {
            throw context.Error(node, $"more than {RuleLimits.MaxLiteralsPerRule} literals");
        }

        var literals = new List<string>(node.Items.Count);
        foreach (var item in node.Items)
        {
            var literal = YamlScalars.String(item, context, "literals");
            if (literal.Length == 0 || item.IsNull)
            {
                throw context.Error(item, "literals must not be empty");
            }

            if (literal.Length > RuleLimits.MaxLiteralChars)
            {
                throw context.Error(item, $"literal longer than {RuleLimits.MaxLiteralChars} characters");
            }

            if (!literals.Contains(literal))
            {
                literals.Add(literal);
            }
        }

        return literals;
    }

    private static AttrTemplate? ParseSignature(YamlNode? node, LoadContext context, HashSet<string> known)
    {
        if (node is null)
        {
            return null;
        }

        var template = AttrTemplate.Parse(YamlScalars.String(node, context, "signature"));
        foreach (var name in template.Names)
        {
            if (!known.Contains(name))
            {
                throw context.Error(
                    node, $"signature references unknown attr '{name}' (known: {string.Join(", ", Sorted(known))})");
            }
        }

        return template;
    }

    private static void AddMapAttrs(HashSet<string> known, AttrMap map)
    {
        foreach (var entry in map.Values.Values)
        {
            known.UnionWith(entry.Attrs.Keys);
        }

        if (map.Default is not null)
        {
            known.UnionWith(map.Default.Attrs.Keys);
        }
    }

    private static List<string> Sorted(HashSet<string> names)
    {
        var list = new List<string>(names);
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
