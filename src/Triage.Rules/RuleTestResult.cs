using System.Globalization;

namespace Triage.Rules;

/// <summary>The outcome of one rule test.</summary>
/// <param name="Rule">The rule tested.</param>
/// <param name="Case">The test case.</param>
/// <param name="IsMatchTest">True for a <c>match</c> test, false for <c>noMatch</c>.</param>
/// <param name="Number">1-based position in its list (<c>match #2</c>).</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Reason">Why it failed, with file and line (e.g. <c>rules/kernel.yaml:57: rule 'kernel.nvrm_xid' match #2: attr xid expected '79' got '48'</c>); null when it passed.</param>
public sealed record RuleTestResult(Rule Rule, RuleTestCase Case, bool IsMatchTest, int Number, bool Passed, string? Reason)
{
    /// <summary>The failure reason, or "FILE:LINE: rule 'ID' match #N: passed".</summary>
    public override string ToString() =>
        Reason ?? string.Create(
            CultureInfo.InvariantCulture,
            $"{Rule.File}:{Case.Line}: rule '{Rule.Id}' {(IsMatchTest ? "match" : "noMatch")} #{Number}: passed");
}
