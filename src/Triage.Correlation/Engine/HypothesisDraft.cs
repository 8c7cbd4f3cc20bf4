using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>A hypothesis before ranking: what it blames, which roots it takes, and what it says.</summary>
internal sealed class HypothesisDraft
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required SymptomCategory Category { get; init; }

    public required IReadOnlyList<Factor> Factors { get; init; }

    public required List<int> Roots { get; init; }

    public required double LogBayesFactor { get; init; }

    public List<string> Evidence { get; } = [];

    public List<string> CounterEvidence { get; } = [];

    public string NextCheck { get; set; } = string.Empty;

    /// <summary>The concentration test the evidence states, for plots; null when it rests on something else.</summary>
    public FactorContrast? Contrast { get; set; }

    /// <summary>
    /// For a lone failure's hypothesis (<see cref="LoneFailures"/>): the counter-evidence line that
    /// says its score is only its category's prior, replaced when a cascade followed it.
    /// </summary>
    public string? PriorOnlyNote { get; init; }

    /// <summary>
    /// Support from the cascade that followed (log of 1 + collateral other than teardown lines, at most 6): a failure
    /// that brought the job down is a far likelier cause of the run's failures than one nothing followed.
    /// </summary>
    public double CascadeBonus { get; set; }

    /// <summary>
    /// For a hypothesis resting on one non-critical event (a link going down once): the host it
    /// happened on, or null. Such an event is weighed against what followed on that host.
    /// </summary>
    public string? LoneEventHost { get; init; }

    /// <summary>
    /// Taken off a <see cref="LoneEventHost"/> hypothesis when nothing on its own host failed after
    /// it: what it would explain happened elsewhere, which one blip on one host rarely causes.
    /// </summary>
    public double LoneEventPenalty { get; set; }

    /// <summary>Posterior log-odds: what hypotheses are ranked by (the score saturates near 1, the log-odds do not).</summary>
    public double LogOdds => Logit(CandidateFinder.Prior(Category)) + LogBayesFactor + CascadeBonus - LoneEventPenalty;

    public double Score => Sigmoid(LogOdds);

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
