using Triage.Hypotheses;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Evaluation;

/// <summary>
/// Decides which hypotheses name a true cause. A hypothesis matches a cause when any of the
/// cause's alternatives has all its factors among the hypothesis's factors (key and value equal,
/// ordinal). An empty alternative matches nothing: "no factor was found" is not an answer, so a
/// cause without a concentrating factor (a race) must be named for what it is, e.g.
/// <see cref="Factor.Spread"/>. A set of hosts (<see cref="HostsKey"/>, a Slurm host list) matches
/// the same set however it is written, a host's short name standing for its FQDN. Thread-safe
/// (stateless).
/// </summary>
public static class CauseMatcher
{
    /// <summary>The factor key of a set of hosts that failed together (a Slurm host list).</summary>
    public const string HostsKey = "hosts";

    /// <summary>Whether <paramref name="hypothesis"/> names <paramref name="cause"/>.</summary>
    public static bool Matches(TruthCause cause, Hypothesis hypothesis)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(hypothesis);
        foreach (var alternative in cause.Match)
        {
            if (alternative.Count > 0 &&
                alternative.All(f => hypothesis.Factors.Any(h => string.Equals(h.Key, f.Key, StringComparison.Ordinal) && (string.Equals(h.Value, f.Value, StringComparison.Ordinal) || SameHosts(f, h)))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameHosts(Factor truth, Factor named) =>
        truth.Key == HostsKey && ShortNames(truth.Value) is { } expected && ShortNames(named.Value) is { } found && expected.SetEquals(found);

    private static HashSet<string>? ShortNames(string list) =>
        Runs.SlurmHostList.TryExpand(list, out var hosts) ? hosts.Select(h => h.Split('.')[0]).ToHashSet(StringComparer.Ordinal) : null;

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
