using System.Globalization;
using System.Text.RegularExpressions;
using Triage.Rules.Matching;

namespace Triage.Rules.Loading;

/// <summary>Parses a rule's <c>block:</c> section.</summary>
internal static partial class BlockParser
{
    private static readonly string[] Keys = ["continue", "end", "endIsContinuation", "maxLines", "collect"];
    private static readonly string[] CollectKeys = ["regex", "into", "value", "keep"];

    /// <exception cref="RuleLoadException">Any problem in the section.</exception>
    public static BlockSpec Parse(YamlNode node, LoadContext context, bool ignoreCase)
    {
        var fields = new YamlFields(node, context, "block", Keys);
        var continuation = fields.Optional("continue") is { } c ? RuleParser.CompileRegex(c, context, "continue", ignoreCase) : null;
        var end = fields.Optional("end") is { } e ? RuleParser.CompileRegex(e, context, "end", ignoreCase) : null;
        var endIsContinuation = fields.OptionalBool("endIsContinuation", defaultValue: false);
        if (endIsContinuation && (continuation is null || end is null))
        {
            throw context.Error(node, "'endIsContinuation: true' needs both 'continue' and 'end'");
        }

        var maxLines = fields.Optional("maxLines") is { } m
            ? YamlScalars.Int(m, context, "maxLines", 1, RuleLimits.MaxBlockLines)
            : RuleLimits.DefaultBlockLines;
        var collect = fields.Optional("collect") is { } list ? ParseCollect(list, context, ignoreCase) : [];
        return new BlockSpec(continuation, end, endIsContinuation, maxLines, collect);
    }

    private static List<CollectSpec> ParseCollect(YamlNode node, LoadContext context, bool ignoreCase)
    {
        if (node.Kind != YamlNodeKind.Sequence)
        {
            throw context.Error(node, $"'collect' must be a list, found {node.Describe()}");
        }

        if (node.Items.Count > RuleLimits.MaxCollectors)
        {
            throw context.Error(node, $"more than {RuleLimits.MaxCollectors} collect entries");
        }

        var specs = new List<CollectSpec>(node.Items.Count);
        var intos = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in node.Items)
        {
            var fields = new YamlFields(item, context, "collect entry", CollectKeys);
            var regex = RuleParser.CompileRegex(fields.Required("regex"), context, "regex", ignoreCase);
            var intoNode = fields.Required("into");
            var into = YamlScalars.AttrName(intoNode, context);
            if (!intos.Add(into))
            {
                throw context.Error(intoNode, $"two collect entries write into '{into}'");
            }

            AttrTemplate? value = null;
            if (fields.Optional("value") is { } valueNode)
            {
                value = AttrTemplate.Parse(YamlScalars.String(valueNode, context, "value"));
                foreach (var name in value.Names)
                {
                    if (!Contains(regex.GroupNames, name))
                    {
                        throw context.Error(valueNode, $"collect value references '{name}', which is not a group of its regex");
                    }
                }
            }

            var (keep, count) = fields.Optional("keep") is { } keepNode
                ? ParseKeep(keepNode, context)
                : (CollectKeep.All, RuleLimits.MaxCollectedValues);
            specs.Add(new CollectSpec(regex, into, value, keep, count));
        }

        return specs;
    }

    private static (CollectKeep Keep, int Count) ParseKeep(YamlNode node, LoadContext context)
    {
        var text = YamlScalars.String(node, context, "keep");
        if (text == "all")
        {
            return (CollectKeep.All, RuleLimits.MaxCollectedValues);
        }

        var match = KeepPattern().Match(text);
        if (!match.Success
            || !int.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1
            || count > RuleLimits.MaxCollectedValues)
        {
            throw context.Error(
                node, $"'keep' must be 'all', 'first N' or 'last N' with N from 1 to {RuleLimits.MaxCollectedValues}, found '{text}'");
        }

        return (match.Groups["how"].ValueSpan is "first" ? CollectKeep.First : CollectKeep.Last, count);
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("^(?<how>first|last) +(?<n>[0-9]{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex KeepPattern();
}
