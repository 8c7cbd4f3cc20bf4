using System.Text.RegularExpressions;

namespace Triage.Rules.Matching;

/// <summary>Turns what a rule captured into a <see cref="RuleMatch{TContext}"/>: attrs, map, signature.</summary>
internal static class MatchFactory
{
    /// <summary>Adds the non-empty named groups of <paramref name="match"/>, each capped.</summary>
    public static void AddGroups(Dictionary<string, string> attrs, Match match, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var group = match.Groups[names[i]];
            if (!group.Success || group.Length == 0)
            {
                continue;
            }

            attrs[names[i]] = group.Length <= RuleLimits.MaxAttrValueChars
                ? group.Value
                : string.Concat(
                    TextBounds.SafePrefix(group.ValueSpan, RuleLimits.MaxAttrValueChars - 1), TextBounds.Ellipsis.ToString());
        }
    }

    /// <summary>The single-line message, cut with "…" past <see cref="RuleLimits.MaxMessageChars"/>.</summary>
    public static string LineMessage(string line, out bool truncated)
    {
        truncated = line.Length > RuleLimits.MaxMessageChars;
        return truncated ? TextBounds.Cap(line, RuleLimits.MaxMessageChars) : line;
    }

    /// <summary>Applies constant attrs, then the map, then <c>truncated</c>, and renders the signature.</summary>
    public static RuleMatch<TContext> Complete<TContext>(
        Rule rule, TContext start, long startOffset, string message, int lineCount, Dictionary<string, string> attrs, bool truncated)
    {
        foreach (var constant in rule.Attrs)
        {
            attrs[constant.Key] = constant.Value;
        }

        var entry = rule.Map?.Lookup(attrs);
        if (entry is not null)
        {
            foreach (var extra in entry.Attrs)
            {
                attrs[extra.Key] = extra.Value;
            }
        }

        if (truncated)
        {
            attrs["truncated"] = "true";
        }

        var signature = rule.SignatureTemplate is null
            ? rule.Id
            : TextBounds.Normalize(rule.SignatureTemplate.Render(attrs), RuleLimits.MaxSignatureChars);
        if (signature.Length == 0)
        {
            // A template over attrs the line did not have renders empty; the rule id still groups.
            signature = rule.Id;
        }

        return new RuleMatch<TContext>(
            rule, start, startOffset, message, lineCount, attrs, signature,
            entry?.Category ?? rule.Category, entry?.Severity ?? rule.Severity);
    }
}
