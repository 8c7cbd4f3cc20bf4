using Triage.Hypotheses;

namespace Triage.Storage;

/// <summary>One page of a run's hypotheses (see <see cref="IHypothesisPages"/>).</summary>
/// <param name="Hypotheses">The page, in rank order.</param>
/// <param name="Total">How many hypotheses the run has in all (ranked and unranked).</param>
public sealed record HypothesisPage(IReadOnlyList<Hypothesis> Hypotheses, int Total);
