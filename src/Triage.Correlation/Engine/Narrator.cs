using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Triage.Hypotheses;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// docs/architecture.md §4.5: says why. Every hypothesis gets a title, evidence and counter-evidence in plain
/// sentences with numbers (concentration against the baseline, dispersion over hosts, the kinds
/// one factor unifies, the collateral it absorbed) and the next check that would best confirm
/// or refute it.
/// </summary>
internal static class Narrator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly HashSet<string> TeardownKinds = new(StringComparer.Ordinal) { "torch.sigterm", "torch.child_failed", "job.task_exit", "job.cancelled" };

    public static HypothesisDraft ForCandidate(NarrationContext ctx, Candidate candidate, List<int> covered)
    {
        var factors = candidate.Factors.Select(f => new Factor(f.Key, f.Value)).ToList();
        var rootSymptoms = covered.Select(i => ctx.Roots[i].Symptom).ToList();
        var kinds = Wording.KindPhrase(rootSymptoms);
        var hostsHit = rootSymptoms.Select(s => s.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        var ranksHit = rootSymptoms.Select(s => s.Rank).OfType<int>().Distinct().Count();
        var what = candidate.Describe();
        var title = candidate.Silence is not null ? $"Host {candidate.Factors[0].Value} stopped answering: its ranks went silent while every other host's timed out"
            : candidate.Simultaneous is not null ? $"Network fault shared by {Wording.Plural(hostsHit, "host")} at once ({candidate.Factors[0].Value}): {kinds}"
            : (candidate.Source, candidate.Category) switch
        {
            (FactorSource.Component, SymptomCategory.Network) => $"Network fault at {what}: {kinds}",
            (FactorSource.Component, SymptomCategory.Resource) => $"Resource exhaustion on {what}: {kinds}",
            (FactorSource.Component, _) => $"Hardware fault on {what}: {kinds}",
            (FactorSource.RunFact, _) => $"Regression with {what}: {kinds} only where it is in use",
            (FactorSource.Template, _) => $"Error no rule knows, on {Wording.Plural(ranksHit, "rank")} of {Wording.Plural(hostsHit, "host")} at once: '{Wording.Short(UnknownEvidence.TemplateText(rootSymptoms), 100)}'",
            (_, SymptomCategory.Data) => $"Bad training data in {what}: {kinds}",
            _ => $"Data-dependent fault triggered by {what}: {kinds} on {Wording.Plural(ranksHit, "rank")} of {Wording.Plural(hostsHit, "host")}",
        };
        var draft = new HypothesisDraft
        {
            Id = IdOf(candidate.Category, factors),
            Title = title,
            Category = candidate.Category,
            Factors = factors,
            Roots = covered,
            LogBayesFactor = candidate.LogBayesFactor,
            LoneEventHost = candidate.IsEvent && candidate.Bursts == 0 && candidate.Covers.Count == 1 && candidate.Bonus < CandidateFinder.CriticalBonus
                ? rootSymptoms[0].Host
                : null,
        };

        var n = candidate.Tested;
        var k = candidate.Covers.Count;
        var unit = candidate.Source switch
        {
            FactorSource.Manifest => ctx.Joiner.ManifestRows > 0 ? $"{ctx.Joiner.ManifestRows.ToString("N0", Inv)} rank-steps of the step manifest" : "the step manifest",
            FactorSource.RunFact => "the run's time (by attempt)",
            FactorSource.Template => "the first failures",
            _ => candidate.Factors[0].Key is FactorKeys.Host or FactorKeys.Gpu
                ? $"{ctx.Baseline.WorldSize.ToString("N0", Inv)} ranks on {Wording.Plural(ctx.Baseline.Hosts, "host")} ({ctx.Baseline.Source})"
                : $"the hosts of the topology",
        };
        if (candidate.Simultaneous is not null)
        {
            draft.Evidence.Add(candidate.Simultaneous);
        }
        else if (candidate.Bursts > 0)
        {
            var hosts = rootSymptoms.Select(r => r.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count();
            draft.Evidence.Add(string.Create(Inv,
                $"{Wording.Plural(candidate.Bursts, "burst")} of network failures hit several hosts within a minute of each other ({Wording.Plural(hosts, "host")} in all); every host in them sits behind {what}, the most specific component they share ({Wording.Plural(ctx.Baseline.HostsWith(ctx.Inputs.Topology, candidate.Factors[0].Key, candidate.Factors[0].Value), "host")} behind it). Independent link faults would not line up in time."));
        }
        else if (candidate.Silence is not null)
        {
            draft.Evidence.Add(candidate.Silence);
        }
        else if (candidate.IsEvent)
        {
            foreach (var line in EventSentences(rootSymptoms))
            {
                draft.Evidence.Add(line);
            }
        }

        // A silent host's evidence is the silence, not a share of failures: its covers are the
        // reports of the other hosts ("7 of the 1 first failures" said nothing a person can use).
        if ((k >= 2 || !candidate.IsEvent) && candidate.Bursts == 0 && candidate.Silence is null)
        {
            draft.Contrast = new FactorContrast(new Factor(candidate.Factors[^1].Key, candidate.Factors[^1].Value), k, n, candidate.Baseline, unit);
            draft.Evidence.Add(string.Create(Inv,
                $"{k} of the {n} first failures of the kinds it explains that could be joined to '{candidate.Factors[^1].Key}' ({Wording.Plural(candidate.Events(candidate.Covers), "independent event")}: failures on the same step or within two minutes count once) had {what}, which is {Wording.Percent(candidate.Baseline)} of {unit}: {Wording.Lift(k, n, candidate.Baseline)} its share (likelihood ratio {candidate.Llr:0.0}, p = {Wording.P(candidate.AdjustedP)} after testing {ctx.ValuesTested} factor values)."));
        }

        var kindCount = rootSymptoms.Select(s => s.Kind).Distinct(StringComparer.Ordinal).Count();
        if (kindCount >= 2)
        {
            draft.Evidence.Add($"One factor explains {kindCount} different kinds of failure: {Wording.KindCounts(rootSymptoms)}.");
        }

        var dispersion = HostDispersion.Test(ctx, rootSymptoms);
        if (dispersion is not null)
        {
            if (candidate.Source == FactorSource.Component)
            {
                draft.Evidence.Add(dispersion.Value.Sentence);
            }
            else if (dispersion.Value.Even)
            {
                draft.Evidence.Add(dispersion.Value.Sentence + " It follows the data or code, not the hardware.");
            }
            else
            {
                draft.CounterEvidence.Add(dispersion.Value.Sentence + " A hardware component may be involved.");
            }
        }

        if (candidate.Source == FactorSource.RunFact && candidate.AdjustedP >= CandidateFinder.Significance)
        {
            draft.CounterEvidence.Add(string.Create(Inv,
                $"Weak on its own: {candidate.Covers.Count} of {Wording.Plural(candidate.Tested, "first failure")} ({Wording.Plural(candidate.Events(candidate.Covers), "independent event")}) came while {what} was in use, which was {Wording.Percent(candidate.Baseline)} of the time (p = {Wording.P(candidate.AdjustedP)} after testing {ctx.ValuesTested} factor values). More attempts would settle it."));
        }

        if (n > k)
        {
            draft.CounterEvidence.Add(string.Create(Inv, $"{n - k} of the {n} first failures of these kinds did not have {what}."));
        }

        if (candidate.IsEvent && candidate.Bursts == 0 && k == 1)
        {
            draft.CounterEvidence.Add("A single event: nothing else on this component repeats it.");
        }

        if (candidate.Source == FactorSource.Manifest && ctx.Joiner.JoinedToManifest < ctx.Roots.Count)
        {
            draft.CounterEvidence.Add(string.Create(Inv,
                $"{ctx.Roots.Count - ctx.Joiner.JoinedToManifest} of {ctx.Roots.Count} root failures could not be joined to a manifest step (no rank, or no step at their time)."));
        }

        draft.NextCheck = NextCheck(candidate, what);
        return draft;
    }

    public static Analysis Finish(
        string run, long total, List<HypothesisDraft> drafts, IReadOnlyList<Observation> observations, IReadOnlyList<int> rootIndexes,
        NarrationContext ctx, bool groupsTruncated, DateTimeOffset now, TimeSpan elapsed)
    {
        // Roots → hypothesis, then collateral follows its root.
        for (var d = 0; d < drafts.Count; d++)
        {
            foreach (var r in drafts[d].Roots)
            {
                observations[rootIndexes[r]].Hypothesis = d;
            }
        }

        // A first failure reported with no host and no rank (Slurm's "Detected 1 oom_kill event in
        // StepId=...", printed for the whole step) cannot be tested for any component factor; it is
        // the step's report of a failure some host had. It goes, with its collateral, to the
        // hypothesis that explains most first failures of its kind, if one does.
        foreach (var o in observations.Where(o => o.Parent < 0 && o.Hypothesis < 0 && !o.Unanchored && !o.IsGroup && o.Symptom is { Host: null, Rank: null }))
        {
            var owner = Largest(observations.Where(x => x.Hypothesis >= 0 && x.Parent < 0 && x.Symptom.Kind == o.Symptom.Kind));
            if (owner is not null)
            {
                o.Hypothesis = owner.Key;
                o.UnanchoredRoot = true;
            }
        }

        foreach (var o in observations)
        {
            if (o.Parent >= 0)
            {
                o.Hypothesis = observations[o.Parent].Hypothesis;
            }
        }

        // Lines without time go with the hypothesis that explains most of their kind: as a root
        // when it has roots of that kind, else as collateral; teardown lines with no kind match go
        // with the biggest cascade.
        foreach (var o in observations.Where(o => o.Unanchored))
        {
            var sameKind = observations.Where(x => x.Hypothesis >= 0 && !x.Unanchored && x.Symptom.Kind == o.Symptom.Kind).ToList();
            var owner = Largest(sameKind) ?? Largest(observations.Where(x => x.Hypothesis >= 0 && x.Parent >= 0));
            o.Hypothesis = owner?.Key ?? -1;
            o.UnanchoredRoot = owner is not null && owner.Any(x => x.Parent < 0 && x.Symptom.Kind == o.Symptom.Kind);
        }

        // Only propagation counts as a cascade (peers timing out, erroring, aborting): teardown
        // lines (SIGTERM, child failed, task exit, step cancelled) follow any stop, a planned
        // requeue included.
        for (var d = 0; d < drafts.Count; d++)
        {
            // Nor do the later rows of one event (a straggler's slow steps): they are the event.
            var collateralCount = observations.Where(o => o.Hypothesis == d && o.Parent >= 0 && !TeardownKinds.Contains(o.Symptom.Kind) && !EventParts.IsPart(o)).Sum(o => o.Count);
            drafts[d].CascadeBonus = Math.Min(6, Math.Log(1 + collateralCount));
            if (drafts[d].PriorOnlyNote is { } priorOnly && collateralCount > 0 && drafts[d].CounterEvidence.IndexOf(priorOnly) is var at && at >= 0)
            {
                drafts[d].CounterEvidence[at] = "One event cannot be tested against any factor: a hardware fault, a software bug and bad data all fit. The score says the job's failure followed from it, not why it failed.";
            }
            if (drafts[d].LoneEventHost is { } host
                && !observations.Any(o => o.Hypothesis == d && o.Parent >= 0 && !EventParts.IsPart(o) && string.Equals(o.Symptom.Host, host, StringComparison.Ordinal)))
            {
                drafts[d].LoneEventPenalty = Math.Log(4);
                drafts[d].CounterEvidence.Add($"Nothing on {host} failed after it: what it would explain happened elsewhere, which one event on one host rarely causes.");
            }
        }

        var ordered = drafts
            .Select((draft, index) => (draft, index, explained: observations.Where(o => o.Hypothesis == index).Sum(o => o.Count)))
            .OrderByDescending(x => Math.Round(x.draft.LogOdds, 2))
            .ThenByDescending(x => x.explained)
            .ThenBy(x => x.draft.Id, StringComparer.Ordinal)
            .ToList();

        var byId = new Dictionary<string, (string, AttributionRole)>(StringComparer.Ordinal);
        var claims = new List<AttributionClaim>();
        var hypotheses = new List<Hypothesis>();
        long explainedTotal = 0;
        for (var rank = 0; rank < ordered.Count; rank++)
        {
            var (draft, index, explained) = ordered[rank];
            var members = observations.Where(o => o.Hypothesis == index).ToList();
            explainedTotal += explained;
            foreach (var o in members)
            {
                var role = (o.Parent < 0 && !o.Unanchored) || o.UnanchoredRoot ? AttributionRole.Root : AttributionRole.Collateral;
                if (o.IsGroup)
                {
                    var claim = new SymptomFilter
                    {
                        Run = run,
                        Kinds = [o.Symptom.Kind],
                        Hosts = o.Symptom.Host is { } h ? [h] : [],
                        Attrs = o.Symptom.Attrs,
                        From = o.GroupStart,
                        To = o.GroupEnd,
                    };
                    claims.Add(new AttributionClaim(draft.Id, role, claim));
                    if (o.PlacedRanks.Count > 0)
                    {
                        // Its lines that named only their rank are stored without the host.
                        claims.Add(new AttributionClaim(draft.Id, role, claim with { Hosts = [], Ranks = o.PlacedRanks }));
                    }
                }
                else
                {
                    byId[o.Symptom.Id] = (draft.Id, role);
                }
            }

            var parts = members.Where(EventParts.IsPart).ToList();
            if (parts.Count > 0)
            {
                draft.Evidence.Add(string.Create(Inv, $"{parts.Sum(o => o.Count).ToString("N0", Inv)} later rows record the same event step by step (the straggler's slow steps, each its own symptom)."));
            }

            var collateral = members.Where(o => (o.Parent >= 0 && !EventParts.IsPart(o)) || o.Unanchored).ToList();
            if (collateral.Count > 0)
            {
                var count = collateral.Sum(o => o.Count);
                var collateralHosts = collateral.Select(o => o.Symptom.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count();
                var rules = collateral.Select(o => o.ParentRule).OfType<string>().Distinct(StringComparer.Ordinal).Take(4).ToList();
                draft.Evidence.Add(string.Create(Inv,
                    $"{count.ToString("N0", Inv)} later symptoms on {Wording.Plural(collateralHosts, "host")} follow from it and are absorbed as collateral ({Wording.KindCounts(collateral.Select(o => o.Symptom), collateral.Select(o => o.Count))}{(rules.Count > 0 ? "; causal rules " + string.Join(", ", rules) : string.Empty)})."));
            }

            var prior = CandidateFinder.Prior(draft.Category);
            draft.Evidence.Add(string.Create(Inv,
                $"Score {draft.Score:0.00}: the prior for a {Names.Of(draft.Category)} cause in a large run is {prior:0.00}; the evidence above multiplies its odds by {Wording.Factor(draft.LogBayesFactor + draft.CascadeBonus - draft.LoneEventPenalty)}{(draft.CascadeBonus > 0 ? $" (of which {Wording.Factor(draft.CascadeBonus)} for the cascade that followed it)" : string.Empty)}{(draft.LoneEventPenalty > 0 ? $", {Wording.Factor(draft.LoneEventPenalty)} less because nothing on its own host followed" : string.Empty)}."));
            var kinds = members.GroupBy(o => o.Symptom.Kind, StringComparer.Ordinal)
                .OrderByDescending(g => g.Sum(o => o.Count)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
            hypotheses.Add(new Hypothesis
            {
                Id = draft.Id,
                Rank = rank + 1,
                Title = draft.Title,
                Category = draft.Category,
                Factors = draft.Factors,
                Score = Math.Round(draft.Score, 4),
                Explains = new HypothesisExplains(
                    explained,
                    total == 0 ? 0 : Math.Round((double)explained / total, 4),
                    kinds,
                    members.Select(o => o.Symptom.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count(),
                    members.Select(o => o.Symptom.Rank).OfType<int>().Distinct().Count(),
                    members.Where(o => o.Parent < 0 && !o.Unanchored).Sum(o => o.Count)),
                // When its first failure happened: collateral can carry an earlier time (a hang is
                // dated at the last step before the stall, a peer's line inherits a stale time).
                FirstSeen = (members.Where(o => o.Parent < 0).Select(o => o.Symptom.Timestamp).Where(t => t is not null).DefaultIfEmpty(null).Min()
                    ?? members.Select(o => o.Symptom.Timestamp).Where(t => t is not null).DefaultIfEmpty(null).Min()),
                Evidence = draft.Evidence,
                CounterEvidence = draft.CounterEvidence,
                Contrast = draft.Contrast,
                NextCheck = draft.NextCheck,
                Samples = members.Where(o => o.Parent < 0 && !o.Unanchored && !o.IsGroup).Take(5).Concat(members.Where(o => (o.Parent >= 0 || o.Unanchored) && !o.IsGroup).Take(3))
                    .Select(o => new SymptomSample(o.Symptom.Id, o.Symptom.Kind, o.Symptom.Source.Path, o.Symptom.Source.Line, o.Symptom.Host, o.Symptom.Rank, o.Symptom.Timestamp, Wording.Short(o.Symptom.Message, 200), o.Parent < 0 && !o.Unanchored ? AttributionRole.Root : AttributionRole.Collateral))
                    .ToList(),
            });
        }

        // Ungrouped hosts last, so a claim without a host never shadows one with.
        claims = claims.OrderBy(c => c.Filter.Hosts.Count == 0 ? 1 : 0).ToList();
        var notes = new List<string>(ctx.Joiner.Notes);
        if (groupsTruncated)
        {
            notes.Add("more than 100,000 aggregate groups: the smallest were not analysed");
        }

        return new Analysis(run, total, hypotheses, total - explainedTotal, new Attribution(byId, claims), now)
        {
            Roots = ctx.Roots.Sum(r => r.Count),
            Elapsed = elapsed,
            Notes = notes,
        };
    }

    private static IEnumerable<string> EventSentences(IReadOnlyList<Symptom> roots)
    {
        foreach (var group in roots.GroupBy(s => s.Signature, StringComparer.Ordinal).Take(3))
        {
            var s = group.First();
            var meaning = s.Attrs.TryGetValue("meaning", out var m) ? $" ({m})" : string.Empty;
            var where = s.Gpu is { } g ? $"GPU {g.ToString(Inv)} of {s.Host}" : s.Host;
            yield return string.Create(Inv,
                $"{Names.Of(s.Severity)} {s.Kind}{meaning} on {where}{(group.Count() > 1 ? $", {group.Count()} times" : string.Empty)}, first at {Wording.Time(s.Timestamp)} ({s.Source.Path}:{s.Source.Line}).");
        }
    }

    private static string NextCheck(Candidate candidate, string what) => (candidate.Source, candidate.Category) switch
    {
        (FactorSource.Component, SymptomCategory.Network) =>
            $"Check the links of {what}: `ibdiagnet` / `perfquery` error counters (symbol, link-downed), the subnet manager log for port flaps; move the affected hosts behind another leaf and see whether the errors follow.",
        (FactorSource.Component, SymptomCategory.Resource) =>
            $"Check memory on {what}: dataloader worker RSS over time, the cgroup's memory.max and `dmesg` OOM reports; rerun with fewer workers or a memory limit per worker.",
        (FactorSource.Component, _) when candidate.Factors.Any(f => f.Key == FactorKeys.Gpu) =>
            $"Drain {what}: run `nvidia-smi -q -d ECC,PAGE_RETIREMENT,ROW_REMAPPER` and `dcgmi diag -r 3` on it; if the errors stay with the GPU when the job moves, replace it.",
        (FactorSource.Component, _) =>
            $"Drain {what} and run hardware diagnostics (`dcgmi diag -r 3`, `mcelog`, PCIe AER counters); rerun the job without it and see whether the failures stop.",
        (FactorSource.RunFact, _) =>
            $"Roll back {what} for one attempt (or bisect between the two versions) and see whether the failures stop.",
        _ =>
            $"Replay the batches of {what} on one GPU with CUDA_LAUNCH_BLOCKING=1 and compute-sanitizer, next to a control shard; skip or quarantine it in the data loader and see whether the failures stop.",
    };

    internal static string IdOf(SymptomCategory category, IReadOnlyList<Factor> factors)
    {
        var text = Names.Of(category) + "|" + (factors.Count == 0 ? "no-factor" : string.Join("|", factors.Select(f => f.Key + "=" + f.Value).Order(StringComparer.Ordinal)));
        return "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..6];
    }

    /// <summary>The hypothesis whose observations among <paramref name="observations"/> count most (ties: the lower index), with them; null when there are none.</summary>
    private static IGrouping<int, Observation>? Largest(IEnumerable<Observation> observations) =>
        observations.GroupBy(x => x.Hypothesis).OrderByDescending(g => g.Sum(x => x.Count)).ThenBy(g => g.Key).FirstOrDefault();
}
