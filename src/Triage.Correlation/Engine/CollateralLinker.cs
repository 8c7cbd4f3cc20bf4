using System.Globalization;
using Triage.Rules.Causal;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// docs/architecture.md §4.1: finds the first failures and their collateral. Observations are visited in time
/// order. One is collateral when a causal rule says a root seen before it (or, within the rule's
/// clock-skew allowance, one logged a little after it that it cannot itself have caused)
/// explains it. Any earlier observation can be the cause, collateral included (a rank aborts
/// after its own watchdog timeout); chains resolve to their first failure. Among several possible causes the closest in scope wins (same process, rank, GPU,
/// host before the whole job), then the most severe, then the one closest to when the effect's
/// trouble began (a watchdog line's collective start, else the effect's own time). Roots are indexed per
/// rule and scope key, so each effect looks only at causes that could explain it.
/// </summary>
internal static partial class CollateralLinker
{
    /// <summary>How far after an inherited time the real one may be.</summary>
    public static readonly TimeSpan InferredSlack = TimeSpan.FromMinutes(45);

    /// <summary>
    /// The same for what every peer prints when the job stalls (watchdog timeouts, teardown): such
    /// lines often carry no stamp at all and inherit one from the job's start, hours earlier.
    /// </summary>
    public static readonly TimeSpan PeerReportSlack = TimeSpan.FromHours(12);

    /// <summary>At most this many later observations are examined for one effect.</summary>
    public const int MaxLookAhead = 1_024;

    /// <summary>How many of a lane's most recent candidates are weighed for each effect.</summary>
    public const int MaxRecentScan = 512;

    /// <summary>How many of a lane's first failures (within the rule's window) are weighed for each effect.</summary>
    public const int MaxRootScan = 4_096;

    /// <summary>
    /// Links every effect to its likeliest cause. <paramref name="restarts"/> are the attempts'
    /// start times (run.yaml): a failure never explains a line of a later attempt, whose processes
    /// it did not share.
    /// </summary>
    public static void Link(IReadOnlyList<Observation> observations, CausalRuleSet rules, IReadOnlySet<string> peerReported, IReadOnlyList<DateTimeOffset>? restarts = null)
    {
        if (rules.Rules.Count == 0)
        {
            return;
        }

        restarts ??= [];
        var maxBefore = rules.Rules.Max(r => r.Before);
        var (echoes, echoOf, echoRule) = EchoFinder.Find(observations, rules, peerReported);
        // A timeout longer than the windows assume widens them (see CausalRule.WaitBeyondDefault).
        var widest = observations.Count == 0 ? TimeSpan.Zero : observations.Max(o => CausalRule.WaitBeyondDefault(o.Symptom));
        var index = new RootIndex(rules.Rules, restarts, peerReported, echoes, widest);
        var stalls = CauseTiming.Stalls(observations);
        // The longest a watchdog line says its collective ran: how long after a stall began its
        // reports come, for a report that does not say (NCCL's "Some NCCL operations have failed").
        var longestWait = CauseTiming.LongestWait(observations);
        // The lines that can start a job-wide cascade (what a run-wide rule lets explain the peers'
        // reports), in time order; found when a report first needs them.
        List<int>? starters = null;
        for (var i = 0; i < observations.Count; i++)
        {
            var effect = observations[i];
            if (effect.Symptom.Timestamp is not { } time)
            {
                continue;
            }

            var parent = -1;
            var parentIsEcho = false;
            CausalRule? rule = null;
            if (rules.EffectKinds.Contains(effect.Symptom.Kind))
            {
                (parent, rule) = index.BestCause(observations, i, effect.Symptom, time);

                // Clock skew: the cause may be logged a little later by another host's clock. A
                // time inherited from an earlier line is only a lower bound, so such an effect may
                // have a cause logged well after it. A later cause competes with an earlier one on
                // scope, then severity.
                var horizon = time + (!effect.Symptom.TimeInferred ? maxBefore : peerReported.Contains(effect.Symptom.Kind) ? PeerReportSlack : InferredSlack);
                if (effect.NotAfter is { } notAfter && notAfter + maxBefore < horizon)
                {
                    horizon = notAfter + maxBefore;
                }
                // A line known only within bounds happened, if it is a peer's report of a stall,
                // right before its upper bound: the watchdog fired, then the job was torn down.
                // Among equal causes the one closest to when that stall began is the likeliest —
                // the moment the step counter stopped, when the metrics saw it stop within the
                // bounds (the next attempt's start is a loose upper bound: a link blip in the gap
                // would otherwise be nearer than the straggler that stalled the job).
                var ranFor = CauseTiming.WaitOf(effect.Symptom, longestWait);
                var bound = effect.Symptom.TimeInferred && peerReported.Contains(effect.Symptom.Kind) ? effect.NotAfter : null;
                var stall = bound is { } upper ? CauseTiming.StallStart(stalls, time - ranFor, upper - ranFor) : null;
                var target = stall ?? bound - ranFor;

                // Known that way, the report itself was printed when its collective had run that
                // long: a failure logged after that did not stall it (a link blip 18 minutes
                // after the steps stopped, while the job was being torn down).
                if (stall is { } began && ranFor > TimeSpan.Zero && began + ranFor + maxBefore < horizon)
                {
                    horizon = began + ranFor + maxBefore;
                }

                // Causes far ahead: a peer's report known only within its attempt shares its time
                // with thousands of others, and the failure that stalled it may lie beyond the
                // look-ahead; the lines that can start a cascade are few, so those are looked at
                // up to the report's upper bound.
                var j = i + 1;
                var stopped = false;
                for (; j < observations.Count && j - i <= MaxLookAhead; j++)
                {
                    if (!Consider(j))
                    {
                        stopped = true;
                        break;
                    }
                }

                if (!stopped && j < observations.Count && bound is not null)
                {
                    starters ??= Enumerable.Range(0, observations.Count)
                        .Where(k => !observations[k].IsGroup && !peerReported.Contains(observations[k].Symptom.Kind) && rules.Rules.Any(r => r.Scope == CausalScope.Run && r.Cause.Matches(observations[k].Symptom)))
                        .ToList();
                    var first = starters.BinarySearch(j) is var at && at < 0 ? ~at : at;
                    for (var k = first; k < starters.Count && k - first < MaxLookAhead; k++)
                    {
                        if (!Consider(starters[k]))
                        {
                            break;
                        }
                    }
                }

                // Whether candidate j may be the effect's cause, and the better one so far; false once beyond the horizon.
                bool Consider(int j)
                {
                    var candidate = observations[j].Symptom;
                    if (candidate.Timestamp is not { } later || later > horizon)
                    {
                        return false;
                    }

                    // What only echoes this very report (a host's group of aborts after its group of
                    // watchdog errors) is never its cause: taken as a stand-in, it left both roots.
                    if (echoOf[j] == i || Attempts.Across(restarts, effect, time, observations[j], later))
                    {
                        return true;
                    }

                    // Both directions may be possible (an abort explains peers' timeouts; a watchdog
                    // timeout explains its own rank's abort): the narrower scope decides.
                    // An inherited time may be moved forward to just after the candidate cause.
                    var probe = effect.Symptom.TimeInferred && later > time + maxBefore ? effect.Symptom with { Timestamp = later } : effect.Symptom;
                    var forward = Narrowest(rules.RulesFor(candidate, probe));
                    if (forward is null)
                    {
                        return true;
                    }

                    // An echo found later never replaces a cause already found; it stands in for
                    // one only until a real failure turns up (an OOM kill logged after the
                    // timeouts' inherited time).
                    var echo = index.IsEcho(j, forward, effect.Symptom);
                    if (parent >= 0 && echo)
                    {
                        return true;
                    }

                    var backward = Narrowest(rules.RulesFor(probe, candidate));
                    if (backward is null || Specificity(forward) > Specificity(backward))
                    {
                        if (parent < 0 || parentIsEcho || Outranks(candidate, forward, observations[parent].Symptom, rule!, target ?? time - CauseTiming.RanFor(effect.Symptom))
                            || (target is { } t && Ties(candidate, forward, observations[parent].Symptom, rule!)
                                && CauseTiming.Distance(candidate, t) < CauseTiming.Distance(observations[parent].Symptom, t)))
                        {
                            parent = j;
                            rule = forward;
                            parentIsEcho = echo;
                        }
                    }

                    return true;
                }
            }

            // An echo whose own report lies beyond the look-ahead (thousands of lines sharing one
            // inherited time) still follows that report. When that report was itself linked, through
            // others, to this echo standing in for a cause (a host's groups of watchdog errors,
            // timeouts and aborts in one second at 4,096 ranks), the report is the first failure:
            // it becomes the root and the echo its collateral, not the other way round.
            if (parent < 0 && echoOf[i] >= 0)
            {
                if (CauseChains.DescendsFrom(observations, echoOf[i], i))
                {
                    var report = observations[echoOf[i]];
                    report.Parent = -1;
                    report.ParentRule = null;
                    index.AddRoot(echoOf[i], report.Symptom);
                }

                parent = echoOf[i];
                rule = echoRule[i];
            }

            if (parent >= 0)
            {
                effect.Parent = parent;
                effect.ParentRule = rule!.Id;
            }

            // Collateral can explain further collateral (a rank's abort after its own timeout);
            // the chain resolves to the first failure below.
            index.Add(i, effect.Symptom, isRoot: parent < 0);
        }

        CauseChains.BreakCycles(observations);

        // Every collateral observation points at its root.
        for (var i = 0; i < observations.Count; i++)
        {
            var root = CauseChains.Root(observations, i);
            observations[i].Parent = root == i ? -1 : root;
        }
    }

    internal static string? ScopeKey(CausalScope scope, Symptom s) => scope switch
    {
        CausalScope.Run => s.Run,
        CausalScope.Host => s.Host,
        CausalScope.Gpu => s.Host is { } h && s.Gpu is { } g ? h + "\u001f" + g.ToString(CultureInfo.InvariantCulture) : null,
        CausalScope.Rank => s.Rank is { } r ? s.Run + "\u001f" + r.ToString(CultureInfo.InvariantCulture) : null,
        CausalScope.Process => s.Host is { } ph && s.Pid is { } p ? ph + "\u001f" + p.ToString(CultureInfo.InvariantCulture) : null,
        _ => null,
    };

    /// <summary>A later cause replaces an earlier one only when it is closer in scope or, in the same scope, more severe.</summary>
    private static bool Outranks(Symptom later, CausalRule laterRule, Symptom earlier, CausalRule earlierRule, DateTimeOffset expected) =>
        CauseTiming.IsUnknown(later) != CauseTiming.IsUnknown(earlier) ? CauseTiming.KnownFirst(later, earlier, expected)
            : Specificity(laterRule) != Specificity(earlierRule)
            ? Specificity(laterRule) > Specificity(earlierRule)
            : later.Severity > earlier.Severity;

    private static bool Ties(Symptom a, CausalRule ruleA, Symptom b, CausalRule ruleB) =>
        CauseTiming.IsUnknown(a) == CauseTiming.IsUnknown(b) && Specificity(ruleA) == Specificity(ruleB) && a.Severity == b.Severity;

    private static CausalRule? Narrowest(IEnumerable<CausalRule> rules) => rules.MaxBy(Specificity);

    /// <summary>
    /// How specific a rule is: its scope first, then whether it names the effect's exact form (a
    /// ChildFailedError traceback is the launcher's report of a failure, whatever else a generic
    /// "a Python exception can stall the peers" rule says).
    /// </summary>
    private static int Specificity(CausalRule rule) => (Narrowness(rule.Scope) * 2) + (rule.Effect.Attrs.Count > 0 ? 1 : 0);

    private static int Narrowness(CausalScope scope) => scope switch
    {
        CausalScope.Process => 4,
        CausalScope.Rank => 3,
        CausalScope.Gpu => 2,
        CausalScope.Host => 1,
        _ => 0,
    };
}
