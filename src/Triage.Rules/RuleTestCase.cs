using Triage.Symptoms;

namespace Triage.Rules;

/// <summary>
/// One test text of a rule. A text with several lines is a block test: it is fed line by line.
/// Expectations are checked only for <c>match</c> tests, and only those that are given.
/// </summary>
/// <param name="Text">The log text (one or several lines).</param>
/// <param name="Line">1-based line of the test in the rule file.</param>
/// <param name="Attrs">Attributes the match must carry with these exact values (a subset check).</param>
/// <param name="Signature">Exact signature expected, or null.</param>
/// <param name="Category">Category expected, or null.</param>
/// <param name="Severity">Severity expected, or null.</param>
public sealed record RuleTestCase(
    string Text,
    int Line,
    IReadOnlyDictionary<string, string> Attrs,
    string? Signature,
    SymptomCategory? Category,
    Severity? Severity);
