namespace Triage.Simulator.Evaluation;

/// <summary>
/// A hypothesis the analysis believes (score at least <see cref="MinScore"/>) that names no true
/// cause of the run: a wrong answer stated with confidence, counted per run.
/// </summary>
/// <param name="Id">The hypothesis id.</param>
/// <param name="Rank">Its rank in the analysis.</param>
/// <param name="Title">Its title.</param>
/// <param name="Score">Its score (posterior, 0..1).</param>
public sealed record FalseHypothesis(string Id, int Rank, string Title, double Score)
{
    /// <summary>The score from which a hypothesis that names no cause counts as false.</summary>
    public const double MinScore = 0.5;
}
