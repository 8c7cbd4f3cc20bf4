using Triage.Rules.Causal;

namespace Triage.Correlation.Engine;

/// <summary>Finds, before linking, which observations only echo their own rank's (or process's) report of a stall. Stateless.</summary>
internal static class EchoFinder
{
    /// <summary>The rules that make an echo: a rank's (or process's) line explained by its own report of a stall.</summary>
    public static IEnumerable<CausalRule> EchoRules(CausalRuleSet rules, IReadOnlySet<string> peerReported) =>
        rules.Rules.Where(r => r.Scope is CausalScope.Rank or CausalScope.Process && r.Cause.ConcreteKinds() is { Count: > 0 } kinds && kinds.All(peerReported.Contains));

    /// <summary>
    /// Marks the echoes: lines a narrow rule explains by their own rank's (or process's) report of
    /// a stall, such as the abort torch 2.1 prints after its own watchdog timeout. An echo says the
    /// rank timed out, not why, so it never explains what every other peer reports. Found before
    /// linking, so the order of lines that share one inherited time does not matter. Groups (a
    /// host's lines of one kind in one minute, read together when a kind has too many lines) have no
    /// rank or pid: a host's group is the echo of that host's group of reports when the rule holds
    /// for its kinds, attributes and window.
    /// </summary>
    public static (bool[] Echoes, int[] EchoOf, CausalRule?[] EchoRule) Find(IReadOnlyList<Observation> observations, CausalRuleSet rules, IReadOnlySet<string> peerReported)
    {
        var echoes = new bool[observations.Count];
        var echoOf = Enumerable.Repeat(-1, observations.Count).ToArray();
        var echoRule = new CausalRule?[observations.Count];
        foreach (var rule in EchoRules(rules, peerReported))
        {
            var causes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var i = 0; i < observations.Count; i++)
            {
                if (rule.Cause.Matches(observations[i].Symptom) && Key(rule.Scope, observations[i]) is { } key)
                {
                    (causes.TryGetValue(key, out var list) ? list : causes[key] = []).Add(i);
                }
            }

            for (var i = 0; i < observations.Count; i++)
            {
                var s = observations[i].Symptom;
                if (echoes[i] || s.Timestamp is null || !rule.Effect.Matches(s))
                {
                    continue;
                }

                var own = Nearest(rule, observations, i, Key(rule.Scope, observations[i]) is { } key && causes.TryGetValue(key, out var candidates) ? candidates : []);
                if (own < 0 && !observations[i].IsGroup && s.Host is { } host && causes.TryGetValue(GroupKey(host), out var groups))
                {
                    // Its own rank's report was read as part of its host's group.
                    own = Nearest(rule, observations, i, groups);
                }

                if (own >= 0)
                {
                    echoes[i] = true;
                    echoOf[i] = own;
                    echoRule[i] = rule;
                }
            }
        }

        return (echoes, echoOf, echoRule);
    }

    /// <summary>
    /// Among <paramref name="candidates"/>, the cause that makes observation <paramref name="effect"/> an
    /// echo: the most severe (the watchdog's error line, not its info-level companion in the same
    /// second, which as the hang's first failure would count for nothing), then the nearest in time; or -1.
    /// </summary>
    private static int Nearest(CausalRule rule, IReadOnlyList<Observation> observations, int effect, List<int> candidates)
    {
        var at = observations[effect].Symptom.Timestamp!.Value;
        return candidates.Where(c => c != effect && observations[c].Symptom.Timestamp is not null && Explains(rule, observations[c], observations[effect]))
            .OrderByDescending(c => observations[c].Symptom.Severity).ThenBy(c => (observations[c].Symptom.Timestamp!.Value - at).Duration()).ThenBy(c => c).FirstOrDefault(-1);
    }

    /// <summary>The echo's scope key: the rule's own for single lines; the host (as a group) for groups.</summary>
    private static string? Key(CausalScope scope, Observation o) =>
        o.IsGroup ? o.Symptom.Host is { } host ? GroupKey(host) : null : CollateralLinker.ScopeKey(scope, o.Symptom);

    private static string GroupKey(string host) => "group\u001f" + host;

    /// <summary>
    /// Whether <paramref name="rule"/> makes <paramref name="effect"/> an echo of <paramref name="cause"/>
    /// (groups: on their common host). A single line's own report may be one of its host's group's
    /// lines: the group stands for it, at the moment of its span nearest to the line.
    /// </summary>
    private static bool Explains(CausalRule rule, Observation cause, Observation effect)
    {
        if (effect.IsGroup)
        {
            return cause.IsGroup && rule.Explains(cause.Symptom with { Rank = 0, Pid = 0 }, effect.Symptom with { Rank = 0, Pid = 0 });
        }

        if (!cause.IsGroup)
        {
            return rule.Explains(cause.Symptom, effect.Symptom);
        }

        var s = effect.Symptom;
        var (first, last) = (cause.Symptom.Timestamp!.Value, cause.LastSeen ?? cause.Symptom.Timestamp!.Value);
        var at = s.Timestamp!.Value < first ? first : s.Timestamp.Value > last ? last : s.Timestamp.Value;
        return rule.Explains(cause.Symptom with { Rank = s.Rank, Pid = s.Pid, Gpu = s.Gpu, LocalRank = s.LocalRank, Timestamp = at }, s);
    }
}
