using Triage.Symptoms;

namespace Triage.Rules.Causal;

/// <summary>One test of a causal rule, as written under its <c>tests:</c>.</summary>
/// <param name="Cause">The candidate cause (run <c>test</c> unless the test names one).</param>
/// <param name="Effect">The candidate effect.</param>
/// <param name="Explains">Whether the rule must explain <paramref name="Effect"/> by <paramref name="Cause"/>.</param>
/// <param name="Line">1-based line of the test in the rule file.</param>
public sealed record CausalTestCase(Symptom Cause, Symptom Effect, bool Explains, int Line);
