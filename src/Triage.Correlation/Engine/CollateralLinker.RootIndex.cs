using Triage.Rules.Causal;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>The linker's index of candidate causes (see <see cref="CollateralLinker"/>).</summary>
internal static partial class CollateralLinker
{
    /// <summary>Roots that match each rule's cause side, by the rule's scope key, in time order.</summary>
    private sealed class RootIndex(IReadOnlyList<CausalRule> rules, IReadOnlyList<DateTimeOffset> restarts, IReadOnlySet<string> peerReported, bool[] echoes, TimeSpan widest)
    {
        private readonly Dictionary<string, Lane>[] _lanes = rules.Select(_ => new Dictionary<string, Lane>(StringComparer.Ordinal)).ToArray();

        /// <summary>Makes <paramref name="index"/> a candidate cause; <paramref name="isRoot"/>: nothing explained it so far.</summary>
        public void Add(int index, Symptom symptom, bool isRoot)
        {
            for (var r = 0; r < rules.Count; r++)
            {
                if (rules[r].Cause.Matches(symptom) && ScopeKey(rules[r].Scope, symptom) is { } key)
                {
                    if (!_lanes[r].TryGetValue(key, out var lane))
                    {
                        lane = new Lane();
                        _lanes[r][key] = lane;
                    }

                    lane.Items.Add(index);
                    if (isRoot)
                    {
                        lane.Roots.Add(index);
                    }
                }
            }
        }

        /// <summary>Makes <paramref name="index"/>, already a candidate, a first failure too (a report that was linked to its own echo).</summary>
        public void AddRoot(int index, Symptom symptom)
        {
            for (var r = 0; r < rules.Count; r++)
            {
                if (rules[r].Cause.Matches(symptom) && ScopeKey(rules[r].Scope, symptom) is { } key && _lanes[r].TryGetValue(key, out var lane))
                {
                    lane.Roots.Add(index);
                }
            }
        }

        public (int Parent, CausalRule? Rule) BestCause(IReadOnlyList<Observation> observations, int effectIndex, Symptom effect, DateTimeOffset time)
        {
            // A watchdog line says how long its collective ran: the failure that stalled it happened
            // about then, so the cause closest to that moment is the likeliest; otherwise the closest
            // before the effect.
            var expected = time - CauseTiming.RanFor(effect);
            var best = -1;
            CausalRule? bestRule = null;
            for (var r = 0; r < rules.Count; r++)
            {
                var rule = rules[r];
                if (!rule.Effect.Matches(effect) || ScopeKey(rule.Scope, effect) is not { } key || !_lanes[r].TryGetValue(key, out var lane))
                {
                    continue;
                }

                // Candidates too old for this rule never come back into its window (for any later
                // effect, however long the timeout it reports).
                var oldest = time - rule.After - widest;
                while (lane.Start < lane.Items.Count && observations[lane.Items[lane.Start]].Symptom.Timestamp < oldest)
                {
                    lane.Start++;
                }

                // A first failure known only within bounds may have happened as late as its upper bound.
                while (lane.RootStart < lane.Roots.Count && observations[lane.Roots[lane.RootStart]].Latest < oldest)
                {
                    lane.RootStart++;
                }

                // The recent candidates, and every first failure in the window: a cascade of
                // thousands of peers' reports must not push the failure that started it out of reach.
                var chosen = -1;
                Scan(lane.Items, Math.Max(lane.Start, lane.Items.Count - MaxRecentScan));
                Scan(lane.Roots, Math.Max(lane.RootStart, lane.Roots.Count - MaxRootScan));

                void Scan(List<int> items, int floor)
                {
                    for (var k = items.Count - 1; k >= floor; k--)
                    {
                        var candidate = AtLikeliest(observations[items[k]], expected);
                        if (candidate.Timestamp > time + rule.Before || !rule.Explains(candidate, effect) || CauseChains.DescendsFrom(observations, items[k], effectIndex)
                            || Attempts.Across(restarts, observations[items[k]], candidate.Timestamp!.Value, observations[effectIndex], time) || IsEcho(items[k], rule, effect))
                        {
                            continue;
                        }

                        if (chosen < 0 || Closer(candidate, observations[chosen].Symptom, expected))
                        {
                            chosen = items[k];
                        }
                    }
                }

                if (chosen >= 0 && (best < 0 || Better(observations[chosen].Symptom, rule, observations[best].Symptom, bestRule!, expected)))
                {
                    best = chosen;
                    bestRule = rule;
                }
            }

            return (best, bestRule);
        }

        /// <summary>
        /// A cause whose time is inherited (a lower bound) and bounded above, placed at the moment the
        /// effect's trouble began when that lies within its bounds: a crash line without a stamp,
        /// printed some time after the last stamped line of its file, did not happen at that line's
        /// time (at 1,024 ranks a noise link blip kept the cascade of a crash so placed 40 minutes early).
        /// </summary>
        private static Symptom AtLikeliest(Observation o, DateTimeOffset expected) =>
            o.Symptom.TimeInferred && o.NotAfter is { } upper && o.Symptom.Timestamp < expected
                ? o.Symptom with { Timestamp = expected < upper ? expected : upper }
                : o.Symptom;

        /// <summary>An echo of a rank's own stall does not explain what every other peer reports (see <see cref="EchoFinder.Find"/>).</summary>
        public bool IsEcho(int candidate, CausalRule rule, Symptom effect) =>
            rule.Scope == CausalScope.Run && peerReported.Contains(effect.Kind) && echoes[candidate];

        private static bool Closer(Symptom a, Symptom b, DateTimeOffset expected)
        {
            if (a.Severity != b.Severity)
            {
                return a.Severity > b.Severity;
            }

            return CauseTiming.Distance(a, expected) < CauseTiming.Distance(b, expected);
        }

        private static bool Better(Symptom a, CausalRule ruleA, Symptom b, CausalRule ruleB, DateTimeOffset expected)
        {
            if (CauseTiming.IsUnknown(a) != CauseTiming.IsUnknown(b))
            {
                return CauseTiming.KnownFirst(a, b, expected);
            }

            if (Specificity(ruleA) != Specificity(ruleB))
            {
                return Specificity(ruleA) > Specificity(ruleB);
            }

            return Closer(a, b, expected);
        }

        /// <summary>The candidate causes of one rule in one scope (a rank, a host, the run), in time order.</summary>
        private sealed class Lane
        {
            public List<int> Items { get; } = [];

            /// <summary>The candidates that were first failures when added.</summary>
            public List<int> Roots { get; } = [];

            public int Start { get; set; }

            public int RootStart { get; set; }
        }
    }
}
