using Triage.Symptoms;

namespace Triage.Rules;

/// <summary>One completed match of a rule: a single line or a whole block. Immutable.</summary>
/// <typeparam name="TContext">The caller's per-line data handed to <see cref="ExtractionSession{TContext}.Process"/>.</typeparam>
/// <param name="Rule">The rule that matched.</param>
/// <param name="Start">The context of the (first) line.</param>
/// <param name="StartOffset">The byte offset of the (first) line.</param>
/// <param name="Message">The line, or the block's lines joined with '\n'; at most <see cref="RuleLimits.MaxMessageChars"/> chars (cut with "…" and attr <c>truncated=true</c>).</param>
/// <param name="LineCount">Lines in the match (1 for single-line rules), counted even past the message cut.</param>
/// <param name="Attrs">Named groups, collected values, constant attrs and map attrs, later ones winning in that order.</param>
/// <param name="Signature">The rendered signature template (trimmed, whitespace collapsed, at most 200 chars), or the rule id.</param>
/// <param name="Category">From the map when it says so, else the rule's.</param>
/// <param name="Severity">From the map when it says so, else the rule's.</param>
public sealed record RuleMatch<TContext>(
    Rule Rule,
    TContext Start,
    long StartOffset,
    string Message,
    int LineCount,
    IReadOnlyDictionary<string, string> Attrs,
    string Signature,
    SymptomCategory Category,
    Severity Severity);
