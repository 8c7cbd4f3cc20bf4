using System.Globalization;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// First failures that no factor, event or pattern took: too few to tell a cause (one crashed rank
/// in a directory of one log). They still get a hypothesis of their own, scored at the prior of their
/// category (no evidence either way), with what was seen and the check that would decide, so the
/// smallest incident never ends in "0 hypotheses". Stateless.
/// </summary>
internal static class LoneFailures
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The hypothesis for <paramref name="leftover"/>'s real failures, or null when there are none.</summary>
    /// <param name="ctx">The analysis so far.</param>
    /// <param name="leftover">Roots no other hypothesis took.</param>
    /// <param name="peerReported">Kinds every peer reports when the job stalls: not failures of their own.</param>
    /// <param name="drafts">The hypotheses already made: a step's report that names no host or rank joins one of them later (see <see cref="Narrator.Finish"/>).</param>
    public static HypothesisDraft? Draft(NarrationContext ctx, IReadOnlyList<int> leftover, IReadOnlySet<string> peerReported, IReadOnlyList<HypothesisDraft> drafts)
    {
        var takenKinds = drafts.SelectMany(d => d.Roots).Select(i => ctx.Roots[i].Symptom.Kind).ToHashSet(StringComparer.Ordinal);
        var failures = leftover.Where(i =>
        {
            var s = ctx.Roots[i].Symptom;
            return !ctx.Roots[i].IsGroup && s.Severity >= Severity.Error && !peerReported.Contains(s.Kind)
                && !(s.Host is null && s.Rank is null && takenKinds.Contains(s.Kind));
        }).ToList();
        if (failures.Count == 0)
        {
            return null;
        }

        var symptoms = failures.Select(i => ctx.Roots[i].Symptom).ToList();
        var first = failures.OrderBy(i => ctx.Roots[i].Symptom.Timestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(i => ctx.Roots[i].Symptom.Kind.StartsWith("py.", StringComparison.Ordinal))
            .ThenBy(i => ctx.Roots[i].Symptom.Id, StringComparer.Ordinal)
            .Select(i => ctx.Roots[i].Symptom).First();
        var category = symptoms.GroupBy(s => s.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

        // What the job prints once per step names the rank that printed it, not one that failed.
        var placed = failures.Where(i => !ctx.Roots[i].StepLevel).Select(i => ctx.Roots[i].Symptom).ToList();
        var ranks = placed.Select(s => s.Rank).OfType<int>().Distinct().Count();
        var hosts = placed.Select(s => s.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        var anchor = placed.OrderBy(s => s.Timestamp ?? DateTimeOffset.MaxValue).FirstOrDefault();
        var where = anchor is null ? string.Empty : Where(anchor);
        var single = ranks <= 1 && hosts <= 1;
        var title = placed.Count == 0
            ? $"Training numbers went bad {Wording.Plural(CandidateFinder.CountEvents(failures, ctx.Roots.Select(o => o.Symptom.Timestamp).ToArray()), "time")} with no failure to blame: {Wording.KindPhrase(symptoms)}"
            : single
            ? $"A single failure{where}, too little to tell its cause: {Wording.KindPhrase(symptoms)}"
            : $"Unrelated failures on {Wording.Plural(ranks, "rank")} of {Wording.Plural(hosts, "host")}, too few to tell a cause: {Wording.KindPhrase(symptoms)}";
        var factors = single && anchor?.Host is { } h ? new List<Factor> { new("host", h) } : single && anchor?.Rank is { } r ? [new Factor("rank", r.ToString(Inv))] : [];
        // What the failed rank was reading, when the manifest says and the value is rare enough to
        // point at something (not the code version every step shares): untested, but the data to check.
        var reading = single && anchor is not null ? DataRead(ctx, failures.First(i => ctx.Roots[i].Symptom == anchor)) : [];
        // The id stays that of the failure (votes stay when a manifest turns up or moves).
        var id = Narrator.IdOf(category, [.. factors, new Factor("lone", first.Signature)]);
        factors.AddRange(reading);
        var priorOnly = string.Create(Inv,
            $"One event cannot be tested against any factor: a hardware fault, a software bug and bad data all fit, so the score is the prior for a {Names.Of(category)} cause and nothing more.");
        var draft = new HypothesisDraft
        {
            Id = id,
            Title = title,
            Category = category,
            Factors = factors,
            Roots = failures,
            LogBayesFactor = 0,
            PriorOnlyNote = priorOnly,
        };
        draft.Evidence.Add(string.Create(Inv,
            $"{Wording.Plural(failures.Count, "first failure")} ({Wording.KindCounts(symptoms)}), the first at {Wording.Time(first.Timestamp)}{where} ({first.Source.Path}:{first.Source.Line}): nothing before it explains it."));
        if (reading.Count > 0)
        {
            draft.Evidence.Add(string.Create(Inv,
                $"The step manifest says what it was reading then: {Listed(reading)} (each in under {Wording.Percent(RareShare)} of the run's steps). Named so that data can be checked, not because it was tested."));
        }

        draft.CounterEvidence.Add(priorOnly);
        if (ctx.Inputs.Manifest is null)
        {
            draft.CounterEvidence.Add("There is no step manifest, so the data the rank was reading could not be looked at.");
        }

        draft.NextCheck = NextCheck(first, reading);
        return draft;
    }

    private static string Listed(List<Factor> factors) => string.Join(", ", factors.Select(f => $"{f.Key}={f.Value}"));

    /// <summary>A manifest value shared by at most this share of the run's steps is specific enough to name.</summary>
    private const double RareShare = 0.01;

    /// <summary>The rare manifest values root <paramref name="root"/> was joined to, by key.</summary>
    private static List<Factor> DataRead(NarrationContext ctx, int root) =>
        [.. ctx.Factors[root].Values
            .Where(kv => ctx.Joiner.Keys.TryGetValue(kv.Key, out var source) && source == FactorSource.Manifest && kv.Value.Count == 1)
            .Select(kv => (kv.Key, Value: kv.Value.Single()))
            .Where(x => x.Value.Value < RareShare)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => new Factor(x.Key, x.Value.Key))];

    private static string Where(Symptom s) =>
        (s.Rank, s.Host) switch
        {
            ({ } r, { } h) => string.Create(Inv, $" on rank {r} ({h}{(s.Gpu is { } g ? $", GPU {g}" : string.Empty)})"),
            ({ } r, null) => string.Create(Inv, $" on rank {r}"),
            (null, { } h) => $" on {h}",
            _ => string.Empty,
        };

    private static string NextCheck(Symptom s, List<Factor> reading) => s.Category switch
    {
        _ when reading.Count > 0 && s.Kind == "cuda.device_assert" =>
            $"Check the data it was reading ({Listed(reading)}): an indexing assert in a lookup is usually an id beyond its table (a token id not below the vocabulary size). Re-run that step alone with CUDA_LAUNCH_BLOCKING=1 to see the failing index.",
        SymptomCategory.Hardware or SymptomCategory.Network =>
            "Look at the host's kernel log around that time (Xid, ECC, PCIe AER, link down) and run dcgmi diag -r 3 on it before it takes work again.",
        SymptomCategory.Resource =>
            "Check the host's memory use and the OOM killer's report (dmesg, journalctl -k) around that time; compare the rank's memory with its peers'.",
        _ when s.Kind.StartsWith("train.", StringComparison.Ordinal) =>
            "Look at what that step read (the step manifest's rows, the data loader's shard and batch) and re-run it from the last checkpoint: a NaN that comes back at the same step is the data or the code; one that moves is the machine (run dcgmi diag -r 3 on the ranks of that step).",
        _ when s.Kind.StartsWith("cuda.", StringComparison.Ordinal) =>
            "Re-run the failing step on that rank with CUDA_LAUNCH_BLOCKING=1 (or under compute-sanitizer) on the same data; if it does not repeat, run dcgmi diag -r 3 on the GPU and look for Xid/ECC lines on the host.",
        _ => "Re-run from the last checkpoint with the same data order; if it repeats at the same step it is the code or the data, if it moves it is the machine. Collect a core dump or faulthandler trace of the failing rank.",
    };
}
