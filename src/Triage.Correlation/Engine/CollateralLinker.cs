using System.Globalization;
using Triage.Rules.Causal;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// DESIGN §4.1: finds the first failures and their collateral. Observations are visited in time
/// order. One is collateral when a causal rule says a root seen before it (or, within the rule's
/// clock-skew allowance, one logged a little after it that it cannot itself have caused)
/// explains it. Any earlier observation can be the cause, collateral included (a rank aborts
/// after its own watchdog timeout); chains resolve to their first failure. Among several possible causes the closest in scope wins (same process, rank, GPU,
/// host before the whole job), then the most severe, then the earliest. Roots are indexed per
/// rule and scope key, so each effect looks only at causes that could explain it.
/// </summary>
internal static class CollateralLinker
{
    public static void Link(IReadOnlyList<Observation> observations, CausalRuleSet rules)
    {
        if (rules.Rules.Count == 0)
        {
            return;
        }

        var maxBefore = rules.Rules.Max(r => r.Before);
        var index = new RootIndex(rules.Rules);
        for (var i = 0; i < observations.Count; i++)
        {
            var effect = observations[i];
            if (effect.Symptom.Timestamp is not { } time)
            {
                continue;
            }

            var parent = -1;
            CausalRule? rule = null;
            if (rules.EffectKinds.Contains(effect.Symptom.Kind))
            {
                (parent, rule) = index.BestCause(observations, effect.Symptom, time);

                // Clock skew: the cause may be logged a little later by another host's clock.
                for (var j = i + 1; parent < 0 && j < observations.Count; j++)
                {
                    var candidate = observations[j].Symptom;
                    if (candidate.Timestamp is not { } later || later > time + maxBefore)
                    {
                        break;
                    }

                    // Both directions may be possible (an abort explains peers' timeouts; a watchdog
                    // timeout explains its own rank's abort): the narrower scope decides.
                    var forward = Narrowest(rules.RulesFor(candidate, effect.Symptom));
                    if (forward is null)
                    {
                        continue;
                    }

                    var backward = Narrowest(rules.RulesFor(effect.Symptom, candidate));
                    if (backward is null || Narrowness(forward.Scope) > Narrowness(backward.Scope))
                    {
                        parent = j;
                        rule = forward;
                    }
                }
            }

            if (parent >= 0)
            {
                effect.Parent = parent;
                effect.ParentRule = rule!.Id;
            }

            // Collateral can explain further collateral (a rank's abort after its own timeout);
            // the chain resolves to the first failure below.
            index.Add(i, effect.Symptom);
        }

        // Every collateral observation points at its root.
        for (var i = 0; i < observations.Count; i++)
        {
            var root = Root(observations, i);
            observations[i].Parent = root == i ? -1 : root;
        }
    }

    public static int Root(IReadOnlyList<Observation> observations, int index)
    {
        var current = index;
        for (var guard = 0; observations[current].Parent >= 0 && guard < observations.Count; guard++)
        {
            current = observations[current].Parent;
        }

        return current;
    }

    private static string? ScopeKey(CausalScope scope, Symptom s) => scope switch
    {
        CausalScope.Run => s.Run,
        CausalScope.Host => s.Host,
        CausalScope.Gpu => s.Host is { } h && s.Gpu is { } g ? h + "\u001f" + g.ToString(CultureInfo.InvariantCulture) : null,
        CausalScope.Rank => s.Rank is { } r ? s.Run + "\u001f" + r.ToString(CultureInfo.InvariantCulture) : null,
        CausalScope.Process => s.Host is { } ph && s.Pid is { } p ? ph + "\u001f" + p.ToString(CultureInfo.InvariantCulture) : null,
        _ => null,
    };

    private static CausalRule? Narrowest(IEnumerable<CausalRule> rules) => rules.MaxBy(r => Narrowness(r.Scope));

    private static int Narrowness(CausalScope scope) => scope switch
    {
        CausalScope.Process => 4,
        CausalScope.Rank => 3,
        CausalScope.Gpu => 2,
        CausalScope.Host => 1,
        _ => 0,
    };

    /// <summary>Roots that match each rule's cause side, by the rule's scope key, in time order.</summary>
    private sealed class RootIndex(IReadOnlyList<CausalRule> rules)
    {
        private readonly Dictionary<string, Lane>[] _lanes = rules.Select(_ => new Dictionary<string, Lane>(StringComparer.Ordinal)).ToArray();

        public void Add(int index, Symptom root)
        {
            for (var r = 0; r < rules.Count; r++)
            {
                if (rules[r].Cause.Matches(root) && ScopeKey(rules[r].Scope, root) is { } key)
                {
                    if (!_lanes[r].TryGetValue(key, out var lane))
                    {
                        lane = new Lane();
                        _lanes[r][key] = lane;
                    }

                    lane.Items.Add(index);
                }
            }
        }

        public (int Parent, CausalRule? Rule) BestCause(IReadOnlyList<Observation> observations, Symptom effect, DateTimeOffset time)
        {
            var best = -1;
            CausalRule? bestRule = null;
            for (var r = 0; r < rules.Count; r++)
            {
                var rule = rules[r];
                if (!rule.Effect.Matches(effect) || ScopeKey(rule.Scope, effect) is not { } key || !_lanes[r].TryGetValue(key, out var lane))
                {
                    continue;
                }

                // Roots too old for this rule never come back into its window.
                while (lane.Start < lane.Items.Count && observations[lane.Items[lane.Start]].Symptom.Timestamp < time - rule.After)
                {
                    lane.Start++;
                }

                // Within the window: the most severe, then the earliest.
                var chosen = -1;
                for (var k = lane.Start; k < lane.Items.Count; k++)
                {
                    var candidate = observations[lane.Items[k]].Symptom;
                    if (candidate.Timestamp > time + rule.Before)
                    {
                        break;
                    }

                    if (!rule.Explains(candidate, effect))
                    {
                        continue;
                    }

                    if (chosen < 0 || candidate.Severity > observations[chosen].Symptom.Severity)
                    {
                        chosen = lane.Items[k];
                    }

                    if (candidate.Severity == Severity.Critical || k - lane.Start > 256)
                    {
                        break;
                    }
                }

                if (chosen >= 0 && (best < 0 || Better(observations[chosen].Symptom, rule, observations[best].Symptom, bestRule!)))
                {
                    best = chosen;
                    bestRule = rule;
                }
            }

            return (best, bestRule);
        }

        private static bool Better(Symptom a, CausalRule ruleA, Symptom b, CausalRule ruleB)
        {
            if (Narrowness(ruleA.Scope) != Narrowness(ruleB.Scope))
            {
                return Narrowness(ruleA.Scope) > Narrowness(ruleB.Scope);
            }

            if (a.Severity != b.Severity)
            {
                return a.Severity > b.Severity;
            }

            return a.Timestamp < b.Timestamp;
        }

        private sealed class Lane
        {
            public List<int> Items { get; } = [];

            public int Start { get; set; }
        }
    }
}
