using System.Globalization;

namespace Triage.Rules.Causal;

/// <summary>The outcome of one causal rule test.</summary>
/// <param name="Rule">The rule tested.</param>
/// <param name="Case">The test case.</param>
/// <param name="Number">1-based position in the rule's <c>tests</c> list (<c>test #2</c>).</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Reason">
/// Why it failed, with file and line, e.g. <c>rules/causal/cascade.yaml:31: rule 'peer-timeout-after-fatal' test #2:
/// expected explains, but the effect is 1h10m from the cause, outside the window -30s..+40m</c>; null when it passed.
/// </param>
public sealed record CausalTestResult(CausalRule Rule, CausalTestCase Case, int Number, bool Passed, string? Reason)
{
    /// <summary>The failure reason, or "FILE:LINE: rule 'ID' test #N: passed".</summary>
    public override string ToString() =>
        Reason ?? string.Create(CultureInfo.InvariantCulture, $"{Rule.File}:{Case.Line}: rule '{Rule.Id}' test #{Number}: passed");
}
