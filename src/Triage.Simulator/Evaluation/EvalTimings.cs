namespace Triage.Simulator.Evaluation;

/// <summary>Wall time of one run's collect and analyze passes.</summary>
/// <param name="Collect">Collecting the run directory into the store.</param>
/// <param name="Analyze">Correlating the stored symptoms into hypotheses.</param>
public sealed record EvalTimings(TimeSpan Collect, TimeSpan Analyze)
{
    /// <summary>Time to hypotheses: collect plus analyze.</summary>
    public TimeSpan ToHypotheses => Collect + Analyze;
}
