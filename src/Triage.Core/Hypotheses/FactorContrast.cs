namespace Triage.Hypotheses;

/// <summary>
/// The concentration test behind a factor hypothesis, as numbers a plot can draw: of the
/// <paramref name="Tested"/> first failures that could be joined to the factor's key,
/// <paramref name="Failures"/> had the value, against the value's <paramref name="Baseline"/>
/// share of <paramref name="Unit"/> (what it would carry if it had nothing to do with the failure).
/// </summary>
/// <param name="Factor">The factor tested (the last of the hypothesis's factors).</param>
/// <param name="Failures">First failures with the value.</param>
/// <param name="Tested">First failures the key could be joined for (the test's denominator).</param>
/// <param name="Baseline">The value's share of the baseline, 0..1.</param>
/// <param name="Unit">What the baseline counts, e.g. <c>18,944 rank-steps of the step manifest</c>.</param>
public sealed record FactorContrast(Factor Factor, int Failures, int Tested, double Baseline, string Unit)
{
    /// <summary>The share of the tested first failures that had the value (0 when none were tested).</summary>
    public double FailureShare => Tested == 0 ? 0 : (double)Failures / Tested;
}
