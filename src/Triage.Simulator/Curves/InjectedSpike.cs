namespace Triage.Simulator.Curves;

/// <summary>A spike put into a simulated curve: the truth a detector is scored against.</summary>
/// <param name="Metric">The metric (<c>loss</c> or <c>grad_norm</c>).</param>
/// <param name="Step">The step it starts at.</param>
/// <param name="Sigma">Its peak, in σ of the curve's noise at that step.</param>
/// <param name="DecaySteps">Its decay time constant in steps (0: a one-step spike).</param>
public sealed record InjectedSpike(string Metric, long Step, double Sigma, double DecaySteps);
