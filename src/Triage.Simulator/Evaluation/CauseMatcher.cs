using Triage.Hypotheses;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Evaluation;

/// <summary>
/// Decides which hypotheses name a true cause. A hypothesis matches a cause when any of the
/// cause's alternatives has all its factors among the hypothesis's factors (key and value equal,
/// ordinal). An empty alternative matches nothing: "no factor was found" is not an answer, so a
/// cause without a concentrating factor (a race) must be named for what it is, e.g.
/// <see cref="Factor.Spread"/>. Thread-safe (stateless).
/// </summary>
public static class CauseMatcher
{
    /// <summary>Whether <paramref name="hypothesis"/> names <paramref name="cause"/>.</summary>
    public static bool Matches(TruthCause cause, Hypothesis hypothesis)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(hypothesis);
        foreach (var alternative in cause.Match)
        {
            if (alternative.Count > 0 &&
                alternative.All(f => hypothesis.Factors.Any(h => string.Equals(h.Key, f.Key, StringComparison.Ordinal) && string.Equals(h.Value, f.Value, StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The best-ranked (lowest rank) hypothesis that names <paramref name="cause"/>, or null when
    /// none does. A hypothesis without a rank (0) takes its 1-based position in the list.
    /// </summary>
    public static (Hypothesis Hypothesis, int Rank)? BestMatch(TruthCause cause, IReadOnlyList<Hypothesis> hypotheses)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        (Hypothesis, int)? best = null;
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var rank = hypotheses[i].Rank > 0 ? hypotheses[i].Rank : i + 1;
            if ((best is null || rank < best.Value.Item2) && Matches(cause, hypotheses[i]))
            {
                best = (hypotheses[i], rank);
            }
        }

        return best;
    }
}
