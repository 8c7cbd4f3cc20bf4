using System.Diagnostics;
using Triage.Correlation.Engine;
using Triage.Runs;
using Triage.Hypotheses;
using Triage.Rules.Causal;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Correlation;

/// <summary>
/// The correlation engine (docs/architecture.md §4): turns a run's stored symptoms (plus the run directory's
/// topology, run facts and step manifest, when present) into ranked single-root-cause hypotheses.
/// It asks the store for per-kind counts, reads the kinds that are few one by one, and takes the
/// kinds that are many (a cascade's timeouts) as aggregate groups of (kind, host, minute), so
/// memory is bounded by the failures, not by the cascade.
/// </summary>
public sealed class Analyzer
{
    private readonly ISymptomStore _store;
    private readonly CausalRuleSet _rules;
    private readonly TimeProvider _time;

    /// <summary>Creates an analyzer over <paramref name="store"/> with the causal rules <paramref name="rules"/>.</summary>
    public Analyzer(ISymptomStore store, CausalRuleSet rules, TimeProvider time)
    {
        _store = store;
        _rules = rules;
        _time = time;
    }

    /// <summary>A kind with more symptoms than this is read as aggregate groups, not one by one.</summary>
    public int IndividualKindLimit { get; init; } = 20_000;

    /// <summary>At most this many symptoms are read one by one in total.</summary>
    public int IndividualTotalLimit { get; init; } = 200_000;

    /// <summary>At most this many (kind, host, minute) groups; beyond it groups are (kind, minute).</summary>
    public int MaxHostGroups { get; init; } = 50_000;

    /// <summary>Width of the time buckets of aggregate groups.</summary>
    public int GroupBucketSeconds { get; init; } = 60;

    /// <summary>The last analysis's first failures with their joined factors, one line each (for debugging the engine).</summary>
    public IReadOnlyList<string> LastRootReport { get; private set; } = [];

    /// <summary>
    /// The run's metadata as the last analysis used it: the given inputs with what the logs observed
    /// applied (attempts and versions from restarts, world size, placements). Reports read attempts here.
    /// </summary>
    public RunInputs LastInputs { get; private set; } = RunInputs.None;

    /// <summary>Wall time of each phase of the last analysis (for benchmarks).</summary>
    public IReadOnlyList<(string Phase, TimeSpan Time)> LastTimings => _timings;

    private readonly List<(string Phase, TimeSpan Time)> _timings = [];

    private void Mark(string phase, Stopwatch watch)
    {
        _timings.Add((phase, watch.Elapsed - _timings.Aggregate(TimeSpan.Zero, (a, t) => a + t.Time)));
    }

    /// <summary>
    /// Analyzes the stored symptoms of <paramref name="run"/>, joined to the run's metadata
    /// <paramref name="inputs"/> (<see cref="RunInputs.None"/> when there is none).
    /// </summary>
    /// <exception cref="StoreException">The store failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<Analysis> AnalyzeAsync(string run, RunInputs inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(inputs);
        LastInputs = inputs;
        var watch = Stopwatch.StartNew();
        _timings.Clear();
        var runFilter = new SymptomFilter { Run = run };
        var byKind = await _store.AggregateAsync(runFilter, [SymptomField.Parse("kind")], 10_000, cancellationToken).ConfigureAwait(false);
        // meta.* kinds are facts (where ranks run), not failures: joined on, never counted or explained.
        var facts = byKind.Rows.Where(r => r.Keys[0] is { } k && SymptomKinds.IsFact(k)).ToList();
        var total = byKind.Total - facts.Sum(r => r.Count);

        // Few → one by one; many → groups. Smallest kinds first so the budget goes to failures, not cascades.
        var individualKinds = new List<string>();
        var groupKinds = new List<string>();
        long budget = IndividualTotalLimit;
        foreach (var row in byKind.Rows.Where(r => !(r.Keys[0] is { } k && SymptomKinds.IsFact(k))).OrderBy(r => r.Count))
        {
            var kind = row.Keys[0]!;
            if (kind == UnknownEvidence.Kind)
            {
                // Never grouped (a group has no template); read one by one, outside the budget, and filtered below.
                continue;
            }

            if (row.Count <= IndividualKindLimit && row.Count <= budget)
            {
                individualKinds.Add(kind);
                budget -= row.Count;
            }
            else
            {
                groupKinds.Add(kind);
            }
        }

        // What every peer prints when the job stalls (watchdog timeouts, teardown): effects of
        // job-wide rules that name no exact form.
        var peerReported = _rules.Rules
            .Where(r => r.Scope == CausalScope.Run && r.Effect.Attrs.Count == 0)
            .SelectMany(r => r.Effect.ConcreteKinds())
            .ToHashSet(StringComparer.Ordinal);

        // One kind at a time: a single-kind filter lets a store use its (run, kind, time) index.
        var symptoms = new List<Symptom>();
        foreach (var kind in individualKinds)
        {
            await ReadKindAsync(runFilter with { Kinds = [kind] }, symptoms, int.MaxValue, cancellationToken).ConfigureAwait(false);
        }

        // Lines of a grouped kind with no time at all (torch 2.1's watchdog lines carry no stamp)
        // would make groups without a time: in no attempt, after no failure. Within the budget they
        // are read one by one, where their process blocks place them in their attempt; the kind's
        // stamped lines stay grouped.
        var groupFilter = runFilter;
        if (groupKinds.Count > 0)
        {
            var untimed = await _store.AggregateAsync(runFilter with { Kinds = groupKinds, Timed = false }, [SymptomField.Parse("kind")], 10_000, cancellationToken).ConfigureAwait(false);
            if (untimed.Total > 0 && untimed.Total <= budget)
            {
                foreach (var row in untimed.Rows)
                {
                    await ReadKindAsync(runFilter with { Kinds = [row.Keys[0]!], Timed = false }, symptoms, int.MaxValue, cancellationToken).ConfigureAwait(false);
                }

                budget -= untimed.Total;
                groupFilter = runFilter with { Timed = true };
            }
        }

        var unknownRow = byKind.Rows.FirstOrDefault(r => r.Keys[0] == UnknownEvidence.Kind);
        var unknownRead = 0;
        if (unknownRow is not null)
        {
            var before = symptoms.Count;
            await ReadKindAsync(runFilter with { Kinds = [UnknownEvidence.Kind] }, symptoms, IndividualTotalLimit, cancellationToken).ConfigureAwait(false);
            unknownRead = symptoms.Count - before;
        }

        Mark("read symptoms", watch);
        var placements = new List<Symptom>();
        foreach (var fact in facts)
        {
            await ReadKindAsync(runFilter with { Kinds = [fact.Keys[0]!] }, placements, IndividualTotalLimit, cancellationToken).ConfigureAwait(false);
        }

        // What the logs observed (world size, placement, attempts, versions, physical GPUs) wins over what metadata assumes.
        (inputs, var overruled) = LoggedRunFacts.Apply(inputs, placements, symptoms);
        LastInputs = inputs;
        if (unknownRow is not null)
        {
            // Only the unknown lines the engine uses count towards the symptoms it explains; which
            // those are depends on each line's rank, which the placements have just filled in.
            total += unknownRead - UnknownEvidence.Filter(symptoms) - unknownRow.Count;
        }

        var enricher = new Enricher(symptoms, placements, inputs.Topology, inputs.Facts);
        var observations = new List<Observation>(symptoms.Count);
        foreach (var s in symptoms)
        {
            observations.Add(new Observation(enricher.Enrich(s), 1, s.Timestamp, isGroup: false));
        }

        TimeBounds.Apply(observations, placements, inputs.Facts);
        TimeBounds.AtStall(observations, peerReported);
        // The hosts the job's ranks ran on, as NCCL placed them (for hosts that fall silent).
        var jobHosts = placements.Where(p => p.Rank is not null && p.Host is not null).Select(p => enricher.Canonical(p.Host!)).ToHashSet(StringComparer.Ordinal);
        var placedAt = PatternCandidates.PlacedByAttempt(placements, inputs.Facts, enricher.Canonical);
        placements.Clear();

        var groupsTruncated = false;
        if (groupKinds.Count > 0)
        {
            groupsTruncated = await GroupReader.ReadAsync(_store, _rules, groupFilter, groupKinds, peerReported, (MaxHostGroups, GroupBucketSeconds), enricher.HostOf, observations, cancellationToken).ConfigureAwait(false);
        }

        Mark("aggregate groups", watch);

        // Lines that share one time (thousands inherit an attempt's start when no line of theirs has
        // a stamp) are ordered with what only a failing part prints before what every peer prints,
        // so a crash is not beyond the look-ahead of the peers' reports it explains.
        observations.Sort((a, b) => Nullable.Compare(a.Symptom.Timestamp, b.Symptom.Timestamp) is var c && c != 0 ? c
            : peerReported.Contains(a.Symptom.Kind).CompareTo(peerReported.Contains(b.Symptom.Kind)) is var p && p != 0 ? p
            : string.CompareOrdinal(a.Symptom.Id, b.Symptom.Id));
        CollateralLinker.Link(observations, _rules, peerReported, inputs.Facts?.Attempts.Skip(1).Select(a => a.Start).ToList());

        EventParts.Link(observations);
        Mark("link collateral", watch);
        var retimed = RetimeRoots(observations);

        // A failure known only within bounds was the last thing its rank did before the upper
        // bound: what the rank was executing then is what it crashed on. A warning the rank
        // survived (a background thread's traceback) was not; it keeps the time it inherited.
        foreach (var o in observations)
        {
            if (o.Parent < 0 && !o.IsGroup && o.Symptom.Severity >= Severity.Error && o.Symptom.TimeInferred && o.NotAfter is { } notAfter && o.Symptom.Timestamp is { } lower && notAfter > lower)
            {
                o.JoinTime = notAfter.AddMilliseconds(-1);
            }
        }

        // A line without any time (srun's "task 3: Exited", a torch 2.1 watchdog line with no
        // stamp, Slurm's "oom_kill event") cannot be placed in a cascade or tested for a factor; it
        // is attributed afterwards, by kind, to the hypothesis that explains most of its kind.
        foreach (var o in observations)
        {
            o.Unanchored = o.Parent < 0 && o.Symptom.Timestamp is null;
        }

        var rootIndexes = Enumerable.Range(0, observations.Count).Where(i => observations[i].Parent < 0 && !observations[i].Unanchored).ToList();
        var roots = rootIndexes.Select(i => observations[i]).ToList();
        foreach (var root in roots)
        {
            // A straggler is one rank's own slowness, and a line that names the device it checked
            // (Megatron's result validation: "Rank R, node H, device D") is that GPU's; the other
            // training symptoms are the job's numbers.
            root.StepLevel = root.Symptom.Kind.StartsWith("train.", StringComparison.Ordinal) && root.Symptom.Kind != "train.straggler"
                && !root.Symptom.Attrs.ContainsKey("gpu") && !root.Symptom.Attrs.ContainsKey("device") && FactorJoiner.StepOf(root.Symptom) is not null;
        }

        var hosts = await _store.AggregateAsync(runFilter, [SymptomField.Parse("host")], 100_000, cancellationToken).ConfigureAwait(false);
        var maxRank = observations.Select(o => o.Symptom.Rank ?? -1).DefaultIfEmpty(-1).Max();
        // One host, one name: a journal file named by FQDN and NCCL's short name are the same host.
        var baseline = new ComponentBaseline(inputs, hosts.Rows.Select(r => r.Keys[0]).OfType<string>().Select(enricher.Canonical).Distinct(StringComparer.Ordinal), maxRank);
        var runEnd = observations.Select(o => o.LastSeen).Where(t => t is not null).DefaultIfEmpty(null).Max() ?? _time.GetUtcNow();
        var joiner = new FactorJoiner();
        var factors = joiner.Join(roots, inputs, baseline, runEnd, cancellationToken);

        Mark("join factors", watch);
        LastRootReport = new[]
        {
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"inputs: topology {inputs.Topology?.Hosts.Count ?? 0} hosts, run facts {(inputs.Facts is null ? "no" : "yes")}, manifest files [{string.Join(", ", inputs.Manifest?.Files ?? [])}] ({joiner.ManifestRows} rows, {joiner.JoinedToManifest} roots joined), problems [{string.Join("; ", inputs.Problems.Select(p => p.Path + ": " + p.Reason))}]"),
        }.Concat(roots.Select((r, i) => RootLine(r, factors[i]))).ToList();
        var finder = new CandidateFinder
        {
            PeerReportedKinds = peerReported,
        };
        var candidates = finder.Find(roots, factors, joiner.Keys, inputs.Topology, baseline);
        var rootTimes = CandidateFinder.RootTimes(roots, factors);
        candidates.AddRange(PatternCandidates.SilentHosts(observations, rootIndexes, jobHosts, placedAt, peerReported, rootTimes, finder.ValuesTested));
        LastRootReport = [.. LastRootReport, .. finder.Report];
        var chosen = CandidateFinder.Choose(candidates, roots.Count);

        // A data or version factor also takes the remaining software failures that could not be
        // joined to its key at all (a kernel segfault line has a pid but no rank or step): they
        // cannot contradict it, and one software cause is likelier than two. A template is no
        // such key: only the lines that print it are its own.
        foreach (var (candidate, covered) in chosen.Where(c => c.Candidate.Source is not (FactorSource.Component or FactorSource.Template)))
        {
            var key = candidate.Factors[0].Key;
            foreach (var i in Enumerable.Range(0, roots.Count))
            {
                var s = roots[i].Symptom;
                if (!factors[i].HasKey(key) && s.Category == SymptomCategory.Software && s.Severity >= Severity.Error
                    && !finder.PeerReportedKinds.Contains(s.Kind) && chosen.All(c => !c.Roots.Contains(i)))
                {
                    covered.Add(i);
                }
            }
        }

        OwnReports.Absorb(roots, factors, rootTimes, chosen);
        var context = new NarrationContext(roots, baseline, joiner, finder.ValuesTested, inputs, factors);
        var drafts = new List<HypothesisDraft>();
        foreach (var (candidate, covered) in chosen)
        {
            drafts.Add(Narrator.ForCandidate(context, candidate, covered));
        }

        var leftover = Enumerable.Range(0, roots.Count).Where(i => chosen.All(c => !c.Roots.Contains(i))).ToList();
        if (PatternCandidates.OnsetAfterChange(roots, factors, joiner.Keys, leftover, finder.ValuesTested) is { } onset)
        {
            // Every remaining software failure came after a version change: say so, with how weak it is.
            drafts.Add(Narrator.ForCandidate(context, onset, onset.Covers));
            leftover = leftover.Except(onset.Covers).ToList();
        }

        if (NoFactor.Draft(context, leftover) is { } noFactor)
        {
            drafts.Add(noFactor);
            leftover = leftover.Except(noFactor.Roots).ToList();
        }

        if (LoneFailures.Draft(context, leftover, finder.PeerReportedKinds, drafts) is { } lone)
        {
            drafts.Add(lone);
        }

        Mark("choose", watch);
        var analysis = LoggedRunFacts.WithNotes(Narrator.Finish(run, total, drafts, observations, rootIndexes, context, groupsTruncated, _time.GetUtcNow(), watch.Elapsed), overruled);
        return retimed == 0 ? analysis : analysis with
        {
            Notes = [.. analysis.Notes, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{retimed} first failures had no time stamp of their own; they were re-timed from their peers' watchdog lines (the collective started at timeout time minus ran_ms)")],
        };
    }

    private static string RootLine(Observation r, RootFactors f)
    {
        var s = r.Symptom;
        var joined = string.Join(" ", f.Values.SelectMany(kv => kv.Value.Select(v => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kv.Key}={v.Key}@{v.Value:0.####}"))));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{s.Timestamp:O} {s.Kind} {s.Severity} host={s.Host} rank={s.Rank} gpu={s.Gpu} pid={s.Pid} {s.Source.Path}:{s.Source.Line} x{r.Count} | {joined}");
    }

    /// <summary>
    /// A root whose time was inherited from an earlier line (no stamp of its own) is re-timed from
    /// its cascade: the peers' watchdog lines say how long the collective they were stuck in had
    /// run, so it started — and the failed rank stopped answering — at (timeout time − ran_ms).
    /// The inherited time is only a lower bound. What the rank was executing is looked up just
    /// before the first peer's report (<see cref="Observation.JoinTime"/>): a rank that stopped
    /// answering wrote no step after it stopped, so its last row by then is the step it failed in,
    /// even when the estimate is a few seconds early (the collective's start is only where the
    /// peers began to wait). Returns how many roots were re-timed.
    /// </summary>
    private static int RetimeRoots(List<Observation> observations)
    {
        var estimates = new Dictionary<int, (DateTimeOffset Start, DateTimeOffset Reported)>();
        foreach (var o in observations)
        {
            var s = o.Symptom;
            if (o.Parent >= 0 && !o.IsGroup && !s.TimeInferred && s.Timestamp is { } t && s.Kind == "nccl.timeout"
                && s.Attrs.TryGetValue("ran_ms", out var ran) && long.TryParse(ran, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms))
            {
                var start = t.AddMilliseconds(-ms);
                estimates[o.Parent] = estimates.TryGetValue(o.Parent, out var e)
                    ? (e.Start < start ? e.Start : start, e.Reported < t ? e.Reported : t)
                    : (start, t);
            }
        }

        var retimed = 0;
        foreach (var (index, (estimate, reported)) in estimates)
        {
            var root = observations[index];
            if (root.Symptom.TimeInferred && root.Symptom.Timestamp is { } inferred && estimate > inferred)
            {
                // Its siblings (other first failures of the same rank that inherited the same time:
                // the traceback and the NaN check of one crash) move with it.
                foreach (var sibling in observations.Where(o => o.Parent < 0 && o.Symptom.TimeInferred && o.Symptom.Timestamp == inferred
                    && o.Symptom.Rank is not null && o.Symptom.Rank == root.Symptom.Rank))
                {
                    sibling.Symptom = sibling.Symptom with { Timestamp = estimate };
                    sibling.NotAfter = null; // a point estimate now, not a range
                    sibling.JoinTime = reported.AddMilliseconds(-1);
                    retimed++;
                }
            }
        }

        return retimed;
    }

    private async Task ReadKindAsync(SymptomFilter filter, List<Symptom> into, int limit, CancellationToken cancellationToken)
    {
        string? cursor = null;
        var read = 0;
        do
        {
            var page = await _store.QueryAsync(filter, new SymptomPageRequest { Size = 10_000, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var s in page.Items)
            {
                into.Add(s.Message.Length > 600 ? s with { Message = s.Message[..600] } : s);
            }

            read += page.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null && read < limit);
    }
}
