using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// docs/architecture.md §4.2–4.4: tests every joined factor value for concentration (likelihood ratio against its
/// baseline share, Bonferroni over all values tested), adds one candidate per severe component
/// event, then picks a small covering set greedily: the best-supported candidate first, each next
/// one only for roots still unexplained. What no factor concentrates becomes "software, no
/// concentrating factor" when it is a software pattern, and stays unexplained otherwise.
/// </summary>
internal sealed class CandidateFinder
{
    /// <summary>Adjusted p-value below which a concentration counts.</summary>
    public const double Significance = 0.05;

    /// <summary>Category priors for large runs (docs/architecture.md §4.4).</summary>
    public static double Prior(SymptomCategory category) => category switch
    {
        SymptomCategory.Hardware => 0.65,
        SymptomCategory.Network => 0.10,
        SymptomCategory.Software => 0.13,
        SymptomCategory.Resource => 0.05,
        SymptomCategory.Data => 0.04,
        SymptomCategory.Scheduler => 0.02,
        _ => 0.01,
    };

    private bool CountsForComponent(Symptom s) => s.Severity >= Severity.Error && !PeerReportedKinds.Contains(s.Kind);

    /// <summary>
    /// Failures only physics causes: no batch of data flips a bit in HBM, raises a machine check,
    /// breaks a PCIe link or takes a GPU off the bus. A value of what the run read (a data shard, a
    /// batch: the manifest) is not tested on them, or a double-bit ECC error that happened in a
    /// step of a shard also seen in an fp16 overflow makes that shard "data-dependent".
    /// </summary>
    private static readonly HashSet<string> PhysicalKinds = new(["gpu.ecc", "host.mce", "host.pcie", "gpu.lost"], StringComparer.Ordinal);

    /// <summary>Whether a first failure can count for a value of a key of this source.</summary>
    private bool CountsFor(IReadOnlyDictionary<string, FactorSource> keys, string key, Symptom s) =>
        (keys.TryGetValue(key, out var source) ? source : FactorSource.Manifest) switch
        {
            FactorSource.Component => CountsForComponent(s),
            FactorSource.Manifest => !PhysicalKinds.Contains(s.Kind),
            _ => true,
        };

    /// <summary>Failures closer in time than this count as one event in a concentration test.</summary>
    public static readonly TimeSpan EventGap = TimeSpan.FromMinutes(2);

    /// <summary>What one critical hardware / network / resource event (Xid 79, a double-bit ECC error) counts for alone.</summary>
    public static readonly double CriticalBonus = Math.Log(200);

    /// <summary>Up to this many kinds, every subset of them is tried as the test of a value (see <see cref="StrongestKinds"/>).</summary>
    private const int MaxKindSubsets = 5;

    public int ValuesTested { get; private set; }

    public static int CountEvents(IEnumerable<int> roots, IReadOnlyList<DateTimeOffset?> times) => EventGroups(roots, times).Count;

    /// <summary>
    /// <paramref name="roots"/> grouped into independent events: failures less than <see cref="EventGap"/>
    /// apart (one crash's several reports, the same step's failures) are one event; a root without a
    /// time is an event of its own.
    /// </summary>
    public static List<List<int>> EventGroups(IEnumerable<int> roots, IReadOnlyList<DateTimeOffset?> times)
    {
        var groups = new List<List<int>>();
        DateTimeOffset? last = null;
        foreach (var r in roots.Distinct().OrderBy(r => times[r]))
        {
            var t = times[r];
            if (t is null || last is null || t.Value - last.Value > EventGap)
            {
                groups.Add([]);
            }

            groups[^1].Add(r);
            last = t;
        }

        return groups;
    }

    /// <summary>When each root happened, for counting independent events: its step's time where it was joined to one, else its own.</summary>
    public static DateTimeOffset?[] RootTimes(IReadOnlyList<Observation> roots, RootFactors[] factors) =>
        roots.Select((r, i) => factors[i].StepTime ?? r.Symptom.Timestamp).ToArray();

    /// <summary>Every value with two or more events, as tested (for debugging the engine).</summary>
    public List<string> Report { get; } = [];

    /// <summary>
    /// Kinds every peer reports when someone else fails (collective timeouts, teardown signals): on
    /// a component they say nothing about that component, only that something stalled the job.
    /// </summary>
    public IReadOnlySet<string> PeerReportedKinds { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public List<Candidate> Find(IReadOnlyList<Observation> roots, RootFactors[] factors, IReadOnlyDictionary<string, FactorSource> keys, Topology? topology = null, ComponentBaseline? baseline = null)
    {
        var candidates = new List<Candidate>();
        var times = RootTimes(roots, factors);
        var values = new Dictionary<(string Key, string Value), List<(int Root, double Share)>>();
        var tested = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < roots.Count; i++)
        {
            foreach (var (key, byValue) in factors[i].Values)
            {
                // A component is judged on real failures only: warnings (an fp16 overflow, a
                // corrected error) concentrate on rank 0 and its host because rank 0 logs more.
                if (!CountsFor(keys, key, roots[i].Symptom))
                {
                    continue;
                }

                tested[key] = tested.GetValueOrDefault(key) + 1;
                foreach (var (value, share) in byValue)
                {
                    if (!values.TryGetValue((key, value), out var entry))
                    {
                        entry = [];
                        values[(key, value)] = entry;
                    }

                    entry.Add((i, share));
                }
            }
        }

        ValuesTested = Math.Max(1, values.Count);
        var penalty = Math.Log(ValuesTested);

        // Roots per (key, kind): a factor is tested against the kinds it is enriched in, so
        // unrelated failures of other kinds (noise) do not dilute it, and one factor can still
        // unify several kinds.
        var perKind = new Dictionary<(string Key, string Kind), int>();
        for (var i = 0; i < roots.Count; i++)
        {
            foreach (var key in factors[i].Values.Keys)
            {
                if (!CountsFor(keys, key, roots[i].Symptom))
                {
                    continue;
                }

                var slot = (key, roots[i].Symptom.Kind);
                perKind[slot] = perKind.GetValueOrDefault(slot) + 1;
            }
        }

        // Hits are counted in independent events (one crash prints several first failures; at scale
        // only a handful of events happen at all) against the failures that could have held the
        // value. What a run is made of (data, versions, templates) takes each event's own baseline
        // (a rank-step's share, or a whole step's for what the job prints once per step: their
        // geometric mean); a component its pooled share.
        foreach (var ((key, value), holders) in values)
        {
            var component = keys.TryGetValue(key, out var keySource) && keySource == FactorSource.Component;
            var pooled = holders.Average(h => h.Share);
            var byKind = holders.GroupBy(h => roots[h.Root].Symptom.Kind, StringComparer.Ordinal)
                .Select(g => (Kind: g.Key, Hits: g.Select(h => h.Root).Distinct().ToList(), N: perKind[(key, g.Key)]))
                .Where(g => (double)g.Hits.Count / g.N >= 2 * pooled)
                .ToList();
            if (EventGroups(byKind.SelectMany(g => g.Hits), times).Count < 2)
            {
                continue;
            }

            // The strongest subset of those kinds is the test: a NaN the whole job prints holds every
            // shard of its step and must not dilute three crashes on ranks that read a 0.2% shard.
            // Choosing among the 2^kinds subsets is what the selection penalty pays for.
            var (k, n, p, llr) = StrongestKinds(byKind, times, holders, component ? pooled : null);
            if (k < 2)
            {
                continue;
            }

            var selection = Math.Log(2) * holders.Select(h => roots[h.Root].Symptom.Kind).Distinct(StringComparer.Ordinal).Count();
            var pValue = Stats.ChiSquareSurvival(2 * Math.Max(0, llr - selection), 1);
            var adjusted = Math.Min(1, pValue * ValuesTested);
            Report.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"test {key}={value}: {k} of {n} events, baseline {p:0.#####}, llr {llr:0.00}, p {pValue:0.###e0}, adjusted {adjusted:0.###e0} over {ValuesTested} values"));
            if (adjusted < Significance)
            {
                var covers = byKind.SelectMany(g => g.Hits).Order().ToList();
                var source = keys.TryGetValue(key, out var s) ? s : FactorSource.Manifest;
                candidates.Add(new Candidate
                {
                    Factors = key == FactorKeys.Gpu ? GpuFactors(value) : [(key, value)],
                    Source = source,
                    Covers = covers,
                    Tested = n,
                    Baseline = p,
                    Llr = llr,
                    AdjustedP = adjusted,
                    Category = CategoryOf(source, covers.Select(h => roots[h].Symptom)),
                    LogBayesFactor = Math.Min(25, llr - selection - penalty),
                    Penalty = selection + penalty,
                    SelectionPenalty = selection,
                    RootTimes = times,
                });
            }
        }

        // A severe hardware / network / resource event is a candidate even alone: one Xid 79 is
        // enough to explain a crash. Its support is the event's severity plus its concentration.
        var events = new Dictionary<(string Key, string Value, SymptomCategory Category), List<int>>();
        for (var i = 0; i < roots.Count; i++)
        {
            var s = roots[i].Symptom;
            if (s.Category is SymptomCategory.Hardware or SymptomCategory.Network or SymptomCategory.Resource
                && s.Severity >= Severity.Error && s.Host is { } host)
            {
                var key = s.Gpu is { } gpu && s.Category == SymptomCategory.Hardware ? (FactorKeys.Gpu, FactorKeys.GpuValue(host, gpu), s.Category) : (FactorKeys.Host, host, s.Category);
                (events.TryGetValue(key, out var list) ? list : events[key] = []).Add(i);
            }
        }

        foreach (var ((key, value, category), members) in events)
        {
            // The component's roots of this category, plus software failures on it (a bad GPU shows
            // up as CUDA errors too); another category on the same host is its own candidate.
            var holders = (values.TryGetValue((key, value), out var entry) ? entry.Select(h => h.Root).ToList() : members)
                .Where(h => roots[h].Symptom.Category == category || roots[h].Symptom.Category is SymptomCategory.Software or SymptomCategory.Unknown).ToList();
            var n = tested.GetValueOrDefault(key, holders.Count);
            var p = values.TryGetValue((key, value), out var e) ? e.Average(h => h.Share) : 0.01;
            var k = CountEvents(holders, times);
            var llr = Stats.EnrichmentLlr(k, Math.Max(1, n), p);
            var severity = members.Max(m => roots[m].Symptom.Severity);
            var bonus = severity == Severity.Critical ? CriticalBonus : Math.Log(8);
            candidates.Add(new Candidate
            {
                Factors = key == FactorKeys.Gpu ? GpuFactors(value) : [(key, value)],
                Source = FactorSource.Component,
                Covers = holders,
                Tested = n,
                Baseline = p,
                Llr = llr,
                AdjustedP = Math.Min(1, Stats.ChiSquareSurvival(2 * llr, 1) * ValuesTested),
                IsEvent = true,
                Category = CategoryOf(FactorSource.Component, members.Select(m => roots[m].Symptom)),
                LogBayesFactor = Math.Min(25, Math.Max(0, llr - penalty) + bonus),
                Penalty = penalty,
                Bonus = bonus,
                RootTimes = times,
            });
        }

        candidates.AddRange(UnknownEvidence.Candidates(roots, times));
        if (topology is not null && baseline is not null)
        {
            candidates.AddRange(PatternCandidates.SharedComponents(roots, topology, baseline, times));
        }
        else
        {
            candidates.AddRange(PatternCandidates.SimultaneousHosts(roots, times));
        }

        return candidates;
    }

    /// <summary>
    /// Hit events, failures tested, baseline and likelihood ratio of the subset of kinds where the
    /// value is most enriched (all subsets up to <see cref="MaxKindSubsets"/> kinds, else each kind
    /// alone and all together). <paramref name="pooled"/> is a component's baseline; null takes each
    /// hit event's own (see <see cref="EventBaseline"/>).
    /// </summary>
    private static (int K, int N, double P, double Llr) StrongestKinds(
        List<(string Kind, List<int> Hits, int N)> byKind, IReadOnlyList<DateTimeOffset?> times, List<(int Root, double Share)> holders, double? pooled)
    {
        var best = (K: 0, N: 0, P: 1.0, Llr: double.NegativeInfinity);
        var subsets = byKind.Count <= MaxKindSubsets
            ? Enumerable.Range(1, (1 << byKind.Count) - 1).Select(mask => byKind.Where((_, i) => (mask & (1 << i)) != 0).ToList())
            : byKind.Select(g => new List<(string Kind, List<int> Hits, int N)> { g }).Append(byKind);
        foreach (var subset in subsets)
        {
            var hitEvents = EventGroups(subset.SelectMany(g => g.Hits), times);
            if (hitEvents.Count < 2)
            {
                continue;
            }

            var n = subset.Sum(g => g.N);
            var p = pooled ?? EventBaseline(hitEvents, holders);
            var llr = Stats.EnrichmentLlr(hitEvents.Count, n, p);
            if (llr > best.Llr)
            {
                best = (hitEvents.Count, n, p, llr);
            }
        }

        return best;
    }

    /// <summary>The geometric mean over <paramref name="events"/> of each event's mean share of the value.</summary>
    private static double EventBaseline(List<List<int>> events, List<(int Root, double Share)> holders)
    {
        var share = holders.GroupBy(h => h.Root).ToDictionary(g => g.Key, g => g.Max(h => h.Share));
        return Math.Exp(events.Average(e => Math.Log(Math.Max(1e-9, e.Average(r => share[r])))));
    }

    /// <summary>
    /// Greedy cover: the best-supported candidate first; each next one is judged only on the roots
    /// still unexplained (its support recomputed), and dropped when that is no longer significant.
    /// Returns the chosen candidates with the roots each takes, best first.
    /// </summary>
    public static List<(Candidate Candidate, List<int> Roots)> Choose(List<Candidate> candidates, int rootCount)
    {
        var taken = new bool[rootCount];
        var chosen = new List<(Candidate, List<int>)>();
        var pool = candidates.ToList();
        while (pool.Count > 0)
        {
            Candidate? best = null;
            var bestUtility = double.NegativeInfinity;
            var bestSupport = 0.0;
            foreach (var c in pool)
            {
                var freshRoots = c.Covers.Where(i => !taken[i]).ToList();
                var fresh = freshRoots.Count;
                if (c.SupportFor(c.Events(freshRoots)) is not { } support)
                {
                    continue;
                }

                // Support first; among equals the one that explains more, then the more specific (smaller baseline).
                var utility = support + Math.Log(1 + fresh) - (c.Baseline * 1e-3);
                if (utility > bestUtility + 1e-9)
                {
                    best = c;
                    bestUtility = utility;
                    bestSupport = support;
                }
            }

            if (best is null)
            {
                break;
            }

            var roots = best.Covers.Where(i => !taken[i]).ToList();
            foreach (var i in roots)
            {
                taken[i] = true;
            }

            best.LogBayesFactor = bestSupport;
            chosen.Add((best, roots));
            pool.Remove(best);
        }

        return chosen;
    }

    private static (string, string)[] GpuFactors(string value)
    {
        var (host, gpu) = FactorKeys.SplitGpu(value);
        return [(FactorKeys.Host, host), (FactorKeys.Gpu, gpu)];
    }

    public static SymptomCategory CategoryOf(FactorSource source, IEnumerable<Symptom> roots)
    {
        var list = roots.ToList();
        if (source == FactorSource.Component)
        {
            var network = list.Count(s => s.Category == SymptomCategory.Network);
            var resource = list.Count(s => s.Category == SymptomCategory.Resource);
            return network * 2 > list.Count ? SymptomCategory.Network
                : resource * 2 > list.Count ? SymptomCategory.Resource
                : SymptomCategory.Hardware;
        }

        // A data or code factor: software when anything crashed, data when only training numbers went bad.
        return list.All(s => s.Kind.StartsWith("train.", StringComparison.Ordinal)) ? SymptomCategory.Data : SymptomCategory.Software;
    }
}
