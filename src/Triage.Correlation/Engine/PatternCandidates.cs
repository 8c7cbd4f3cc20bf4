using Triage.Rules.Causal;
using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Candidates that come from a pattern rather than from a concentration test: a component shared
/// by simultaneous network failures, and failures that all began after a version change.
/// </summary>
internal static class PatternCandidates
{
    /// <summary>
    /// Network failures on several hosts within a minute of each other point at what those hosts
    /// share: the most specific topology component (leaf switch before spine) above all of them.
    /// This holds even when that component serves the whole job, where no concentration test
    /// can tell it from the baseline. Each such burst adds support.
    /// </summary>
    public static IEnumerable<Candidate> SharedComponents(IReadOnlyList<Observation> roots, Topology topology, ComponentBaseline baseline, DateTimeOffset?[] times)
    {
        var (network, bursts) = NetworkBursts(roots, times);
        var support = new Dictionary<string, (int Bursts, double Log)>(StringComparer.Ordinal);
        foreach (var burst in bursts)
        {
            var hosts = burst.Select(i => roots[i].Symptom.Host!).Distinct(StringComparer.Ordinal).ToList();
            if (hosts.Count < 2)
            {
                continue;
            }

            // The most specific component they all share; components with the same hosts (a rack
            // that is exactly one leaf switch's hosts) cannot be told apart, so all are named.
            var shared = new List<(string Key, string Value, int Size)>();
            foreach (var key in topology.AttributeKeys)
            {
                var values = hosts.Select(h => topology.Attribute(h, key)).Distinct().ToList();
                if (values.Count == 1 && values[0] is { } value)
                {
                    shared.Add((key, value, baseline.HostsWith(topology, key, value)));
                }
            }

            if (shared.Count > 0)
            {
                var smallest = shared.Min(c => c.Size);
                var component = string.Join("\u001e", shared.Where(c => c.Size == smallest).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "\u001f" + c.Value));
                var (count, log) = support.GetValueOrDefault(component);
                support[component] = (count + 1, log + Math.Log(hosts.Count));
            }
        }

        foreach (var (component, (count, log)) in support)
        {
            var parts = component.Split('\u001e').Select(p => p.Split('\u001f')).Select(p => (Key: p[0], Value: p[1])).ToList();
            var (key, value) = parts[0];
            var covers = network.Where(i => topology.Attribute(roots[i].Symptom.Host!, key) == value).Order().ToList();
            yield return BurstCandidate(parts, covers, network.Count, baseline.AttributeShare(key, value), log, times, count, simultaneous: null);
        }
    }

    /// <summary>
    /// Without a topology the component that several hosts' simultaneous network failures share
    /// cannot be named, but their coincidence is still one event, not one fault per host: a burst
    /// of network failures on at least <see cref="MinSimultaneousHosts"/> hosts within a minute
    /// is a candidate of its own, its factor the set of hosts (a Slurm-style host list), supported
    /// by every burst that hits the same set. It says what it cannot know: which switch, cable or
    /// subnet manager they share.
    /// </summary>
    public static IEnumerable<Candidate> SimultaneousHosts(IReadOnlyList<Observation> roots, DateTimeOffset?[] times)
    {
        var (network, bursts) = NetworkBursts(roots, times);
        var support = new Dictionary<string, (List<string> Hosts, int Bursts, double Log, TimeSpan Spread)>(StringComparer.Ordinal);
        foreach (var burst in bursts)
        {
            var hosts = burst.Select(i => roots[i].Symptom.Host!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (hosts.Count < MinSimultaneousHosts)
            {
                continue;
            }

            var key = string.Join('\u001f', hosts);
            var spread = times[burst[^1]]!.Value - times[burst[0]]!.Value;
            var (_, count, log, widest) = support.GetValueOrDefault(key, (hosts, 0, 0, TimeSpan.Zero));
            support[key] = (hosts, count + 1, log + Math.Log(hosts.Count), spread > widest ? spread : widest);
        }

        var allHosts = roots.Select(r => r.Symptom.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        foreach (var (hosts, count, log, spread) in support.Values)
        {
            var set = hosts.ToHashSet(StringComparer.Ordinal);
            var covers = network.Where(i => set.Contains(roots[i].Symptom.Host!)).Order().ToList();
            var list = SlurmHostList.Compress(hosts);
            yield return BurstCandidate([(FactorKeys.Hosts, list)], covers, network.Count, (double)hosts.Count / Math.Max(hosts.Count, allHosts), log, times, count,
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{(count == 1 ? "A burst" : $"{count} bursts")} of network failures hit the same {hosts.Count} hosts within {Math.Max(1, (int)Math.Ceiling(spread.TotalSeconds))} s of each other ({list}). Independent link faults would not line up in time: something those hosts share failed (a leaf switch, a cable run, the subnet manager's view of them). No topology file says what they share, so it cannot be named; give one (topology.yaml, a CSV of host and switch, or Slurm's topology.conf) and the engine will."));
        }
    }

    /// <summary>A candidate for what bursts of simultaneous network failures share: supported by the log of the hosts hit per burst.</summary>
    private static Candidate BurstCandidate(IReadOnlyList<(string Key, string Value)> factors, List<int> covers, int tested, double baseline, double log, DateTimeOffset?[] times, int bursts, string? simultaneous) => new()
    {
        Factors = factors,
        Source = FactorSource.Component,
        Covers = covers,
        Tested = tested,
        Baseline = baseline,
        Llr = log,
        AdjustedP = 1,
        IsEvent = true,
        Category = SymptomCategory.Network,
        LogBayesFactor = Math.Log(8) + log,
        Bonus = Math.Log(8) + log,
        RootTimes = times,
        Bursts = bursts,
        Simultaneous = simultaneous,
    };

    /// <summary>Network first failures with a host and a time, in time order, and their bursts (gaps of at most a minute).</summary>
    private static (List<int> Network, List<List<int>> Bursts) NetworkBursts(IReadOnlyList<Observation> roots, DateTimeOffset?[] times)
    {
        var network = Enumerable.Range(0, roots.Count)
            .Where(i => roots[i].Symptom.Category == SymptomCategory.Network && roots[i].Symptom.Host is not null && times[i] is not null)
            .OrderBy(i => times[i])
            .ToList();
        var bursts = new List<List<int>>();
        foreach (var i in network)
        {
            if (bursts.Count == 0 || times[i]!.Value - times[bursts[^1][^1]]!.Value > TimeSpan.FromMinutes(1))
            {
                bursts.Add([]);
            }

            bursts[^1].Add(i);
        }

        return (network, bursts);
    }

    /// <summary>Hosts that fail together without a topology to say why: fewer could be chance.</summary>
    private const int MinSimultaneousHosts = 3;

    /// <summary>
    /// A job-wide collective timeout that nothing explains, reported by the ranks of every host but
    /// one: the stall began where nobody was left to report it — a host drained or powered off, hung
    /// in its kernel, or whose ranks all died without a line. That host is a candidate for the
    /// timeout reports that open those waves. Two or three silent hosts are not told apart by their
    /// silence (logs not copied, ranks that never log look the same): only when the scheduler
    /// declared exactly one of them failed (srun's "Node failure on X", even without a time) is that
    /// one the candidate. Needs the hosts the job's ranks ran on.
    /// <para>The wave opens with whatever stall report came first: a timeout, the abort or NCCL error
    /// logged in the same second (which one the linker makes the first failure is a matter of
    /// clock skew), or the step counter stopping (<c>train.hang</c>), whose timeouts follow when the
    /// watchdog fires, up to <see cref="CausalRule.DefaultCollectiveTimeout"/> (or the longer wait
    /// the timeouts report) later.</para>
    /// </summary>
    /// <param name="observations">Everything read, linked (a wave's timeouts are its first report's collateral).</param>
    /// <param name="rootIndexes">Index into <paramref name="observations"/> of each root.</param>
    /// <param name="jobHosts">Hosts the job's ranks ran on (NCCL's placements), canonical names.</param>
    /// <param name="placedAt">The hosts NCCL placed ranks on in the attempt running at a time, or null when not known: a host with no line in an attempt (its log stops earlier, it left the job) is not silent in that attempt's waves.</param>
    /// <param name="stallKinds">What every peer prints when the job stalls (the linker's peer-reported kinds).</param>
    /// <param name="times">Root times, shared by all candidates.</param>
    /// <param name="valuesTested">Factor values tested (the multiple-testing penalty).</param>
    public static IEnumerable<Candidate> SilentHosts(IReadOnlyList<Observation> observations, IReadOnlyList<int> rootIndexes, IReadOnlySet<string> jobHosts, Func<DateTimeOffset, IReadOnlySet<string>?> placedAt, IReadOnlySet<string> stallKinds, DateTimeOffset?[] times, int valuesTested)
    {
        if (jobHosts.Count < 4)
        {
            yield break;
        }

        // Hosts the scheduler declared failed, timed or not.
        var declared = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var o in observations.Where(o => o.Symptom.Kind == NodeFailKind && o.Symptom.Host is not null).OrderBy(o => o.Symptom.Timestamp))
        {
            declared[o.Symptom.Host!] = o.Symptom.Attrs.GetValueOrDefault("reason") ?? declared.GetValueOrDefault(o.Symptom.Host!);
        }

        // Hosts whose tasks the scheduler saw abort (srun: "node-360: tasks 2872-2879: Aborted (core
        // dumped)"): their processes were alive to take the watchdog's abort like every peer's; only
        // their logs are missing, so they did not fall silent.
        var aborted = observations.Where(o => o.Symptom.Kind == TaskExitKind && IsAbort(o.Symptom) && o.Symptom.Attrs.GetValueOrDefault("failed_host") is not null)
            .Select(o => Topology.ShortName(o.Symptom.Attrs["failed_host"])).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var timeouts = observations.Where(o => o.Symptom.Kind == TimeoutKind && o.Symptom.Host is not null && o.Symptom.Timestamp is not null)
            .OrderBy(o => o.Symptom.Timestamp).ToList();
        var bySilent = new Dictionary<string, (List<int> Roots, int Reporting)>(StringComparer.Ordinal);
        for (var r = 0; r < rootIndexes.Count; r++)
        {
            var root = observations[rootIndexes[r]].Symptom;
            // A transport error (NCCL's "Got completion from peer ... error 12") names the link it
            // failed on: on the one host that printed it, it is a failure of its own, not a stall report.
            if (!stallKinds.Contains(root.Kind) || root.Kind == NetErrorKind || root.Timestamp is not { } at
                || WaveStart(timeouts, at, root.Kind == HangKind ? HangReach : WaveBefore) is not { } first)
            {
                continue;
            }

            // Every live rank's watchdog fires within minutes of the first (the same timeout, a skewed
            // start). A line without a stamp is known only from the line stamped before it to the one
            // after: a host whose last stamp was later (the rank that logs the iterations) seems to
            // report later, and is not silent for it.
            var (start, end) = (first.Symptom.Timestamp!.Value, first.Latest!.Value);
            var reporting = timeouts.Where(o => o.Latest >= start - WaveBefore && o.Symptom.Timestamp <= end + WaveAfter)
                .Select(o => o.Symptom.Host!).ToHashSet(StringComparer.Ordinal);
            reporting.IntersectWith(jobHosts);
            var present = placedAt(start) ?? jobHosts;
            var silent = jobHosts.Where(h => present.Contains(h) && !reporting.Contains(h) && !aborted.Contains(Topology.ShortName(h))).ToList();
            if (silent.Count is > 1 and <= MaxSilent && silent.Count(declared.ContainsKey) == 1)
            {
                silent = silent.Where(declared.ContainsKey).ToList();
            }

            if (silent.Count != 1)
            {
                continue;
            }

            var entry = bySilent.TryGetValue(silent[0], out var e) ? e : ([], 0);
            entry.Roots.Add(r);
            bySilent[silent[0]] = (entry.Roots, Math.Max(entry.Reporting, reporting.Count));
        }

        foreach (var (host, (covers, reporting)) in bySilent.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var others = jobHosts.Count - reporting - 1;
            var named = !declared.TryGetValue(host, out var reason) ? string.Empty
                : reason is null ? " and the scheduler declared it failed" : $" and the scheduler declared it failed ({reason})";
            var alsoSilent = others > 0 ? $" ({others} other host{(others == 1 ? " was" : "s were")} silent too, but nothing else names {(others == 1 ? "it" : "them")})" : string.Empty;
            var llr = Math.Log(jobHosts.Count);
            var penalty = Math.Log(Math.Max(1, valuesTested));
            var bonus = CandidateFinder.CriticalBonus;
            yield return new Candidate
            {
                Factors = [(FactorKeys.Host, host)],
                Source = FactorSource.Component,
                Covers = covers,
                Tested = 1,
                Baseline = 1.0 / jobHosts.Count,
                Llr = llr,
                AdjustedP = Math.Min(1, Stats.ChiSquareSurvival(2 * llr, 1) * valuesTested),
                IsEvent = true,
                Category = SymptomCategory.Hardware,
                LogBayesFactor = Math.Min(25, Math.Max(0, llr - penalty) + bonus),
                Penalty = penalty,
                Bonus = bonus,
                RootTimes = times,
                Silence = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"When the job's collectives timed out, the ranks of {reporting} of its {jobHosts.Count} hosts reported it; {host} said nothing{named}{alsoSilent}. The collective stalled where nobody was left to report it: the host was drained or powered off, hung, or all its ranks died without a line."),
            };
        }
    }

    /// <summary>
    /// The hosts NCCL placed ranks on in each attempt of a restarted run, looked up by time (see
    /// <see cref="SilentHosts"/>); null for a time outside every attempt, or for an attempt with no
    /// placement at all (NCCL not logging then says nothing of who was there).
    /// </summary>
    public static Func<DateTimeOffset, IReadOnlySet<string>?> PlacedByAttempt(IReadOnlyList<Symptom> placements, RunFacts? facts, Func<string, string> canonical)
    {
        if (facts is not { Attempts.Count: > 1 })
        {
            return _ => null;
        }

        var byAttempt = new Dictionary<int, HashSet<string>>();
        foreach (var p in placements)
        {
            if (p.Rank is not null && p.Host is { } host && p.Timestamp is { } t && facts.AttemptAt(t) is { } attempt)
            {
                (byAttempt.TryGetValue(attempt.Index, out var set) ? set : byAttempt[attempt.Index] = new HashSet<string>(StringComparer.Ordinal)).Add(canonical(host));
            }
        }

        return t => facts.AttemptAt(t) is { } a && byAttempt.TryGetValue(a.Index, out var hosts) ? hosts : null;
    }

    /// <summary>The first timeout from <paramref name="at"/> − <see cref="WaveBefore"/> to <paramref name="at"/> + <paramref name="reach"/> (and the longer wait it reports).</summary>
    private static Observation? WaveStart(List<Observation> timeouts, DateTimeOffset at, TimeSpan reach)
    {
        foreach (var o in timeouts)
        {
            var t = o.Symptom.Timestamp!.Value;
            if (t < at - WaveBefore)
            {
                continue;
            }

            return t <= at + reach + CausalRule.WaitBeyondDefault(o.Symptom) ? o : null;
        }

        return null;
    }

    private const string TimeoutKind = "nccl.timeout";

    private const string HangKind = "train.hang";

    /// <summary>How long after the step counter stops the watchdogs may fire: torch's default timeout and slack.</summary>
    private static readonly TimeSpan HangReach = CausalRule.DefaultCollectiveTimeout + TimeSpan.FromMinutes(5);

    private const string NodeFailKind = "job.node_fail";

    private const string NetErrorKind = "nccl.net_error";

    private const string TaskExitKind = "job.task_exit";

    private static bool IsAbort(Symptom s) =>
        s.Attrs.GetValueOrDefault("signal") is "SIGABRT" || string.Equals(s.Attrs.GetValueOrDefault("reason"), "Aborted", StringComparison.OrdinalIgnoreCase);

    /// <summary>Silent hosts among which the one the scheduler declared failed is still named.</summary>
    private const int MaxSilent = 3;

    private static readonly TimeSpan WaveBefore = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan WaveAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// When (nearly) every remaining software failure — at least 75% of the independent events — happened after a run
    /// fact changed (a library version in a later attempt), that value is offered as a candidate
    /// even though so few events cannot make it significant: an engineer should see "all of it
    /// began with nccl 2.19.3", with the numbers that say how weak that is. One event is enough
    /// only when it is the whole story and happened in the component whose version changed (an
    /// NCCL failure after an NCCL update): a long run may see a single failure in all.
    /// </summary>
    /// <param name="roots">The first failures.</param>
    /// <param name="factors">Their joined factor values.</param>
    /// <param name="keys">Where each factor key comes from (run facts are the versions).</param>
    /// <param name="leftover">Roots no candidate took.</param>
    /// <param name="valuesTested">Factor values tested (for the adjusted p-value shown).</param>
    public static Candidate? OnsetAfterChange(IReadOnlyList<Observation> roots, RootFactors[] factors, IReadOnlyDictionary<string, FactorSource> keys, List<int> leftover, int valuesTested)
    {
        var software = leftover.Where(i => roots[i].Symptom.Category == SymptomCategory.Software && roots[i].Symptom.Severity >= Severity.Error
            && roots[i].Symptom.Timestamp is not null).ToList();
        var times = roots.Select(r => r.Symptom.Timestamp).ToArray();
        var events = CandidateFinder.CountEvents(software, times);
        if (events < 1)
        {
            return null;
        }

        Candidate? best = null;
        foreach (var key in keys.Where(k => k.Value == FactorSource.RunFact).Select(k => k.Key).Order(StringComparer.Ordinal))
        {
            var withValue = software.Where(i => factors[i].Values.TryGetValue(key, out var v) && v.Count == 1).ToList();
            foreach (var group in withValue.GroupBy(i => factors[i].Values[key].Keys.First(), StringComparer.Ordinal))
            {
                var holders = group.ToList();
                var share = factors[holders[0]].Values[key].Values.First();
                var hits = CandidateFinder.CountEvents(holders, times);
                if (hits < 1 || hits < 0.75 * events || share > 0.75
                    || (hits < 2 && !(hits == events && holders.Any(i => InComponent(key, roots[i].Symptom)))))
                {
                    continue;
                }

                var llr = Stats.EnrichmentLlr(hits, events, share);
                if (best is not null && llr <= best.Llr)
                {
                    continue;
                }

                best = new Candidate
                {
                    Factors = [(key, group.Key)],
                    Source = FactorSource.RunFact,
                    Covers = holders,
                    Tested = software.Count,
                    Baseline = share,
                    Llr = llr,
                    AdjustedP = Math.Min(1, Stats.ChiSquareSurvival(2 * llr, 1) * valuesTested),
                    Category = SymptomCategory.Software,
                    LogBayesFactor = Math.Min(25, llr),
                    RootTimes = times,
                };
            }
        }

        return best;
    }

    /// <summary>Whether <paramref name="s"/> happened in the component a version key names (nccl_version: an NCCL line or kind).</summary>
    private static bool InComponent(string key, Symptom s)
    {
        var component = key.EndsWith("_version", StringComparison.Ordinal) ? key[..^"_version".Length] : key;
        return component.Length >= 3
            && (s.Kind.StartsWith(component + ".", StringComparison.Ordinal) || s.Message.Contains(component, StringComparison.OrdinalIgnoreCase));
    }
}
