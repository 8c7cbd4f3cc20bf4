using System.Globalization;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Software failures in several places that no factor concentrates: a "no concentrating factor"
/// hypothesis, named <c>pattern=spread</c> only when the dispersion test finds them spread evenly
/// over hosts (a race or nondeterministic bug). Stateless.
/// </summary>
internal static class NoFactor
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static HypothesisDraft? Draft(NarrationContext ctx, List<int> leftover)
    {
        var software = leftover.Where(i => ctx.Roots[i].Symptom.Category is SymptomCategory.Software && !ctx.Roots[i].IsGroup).ToList();
        var ranks = software.Select(i => ctx.Roots[i].Symptom.Rank).OfType<int>().Distinct().Count();
        var hosts = software.Select(i => ctx.Roots[i].Symptom.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        // A pattern needs failures in two places at least: one rank's crash and a few warnings
        // elsewhere (an Xid 13, a background thread's traceback) are one failure, told by the
        // lone-failure hypothesis.
        var failing = software.Select(i => ctx.Roots[i].Symptom).Where(s => s.Severity >= Severity.Error)
            .Select(s => s.Rank is { } r ? "rank " + r.ToString(Inv) : s.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        if (software.Count < 3 || Math.Max(ranks, hosts) < 2 || failing < 2)
        {
            return null;
        }

        var rootSymptoms = software.Select(i => ctx.Roots[i].Symptom).ToList();
        var dispersion = HostDispersion.Test(ctx, rootSymptoms);
        // Only a tested even spread is named as a pattern; otherwise the hypothesis only says nothing concentrates them.
        List<Factor> factors = dispersion is { Even: true } ? [Factor.Spread] : [];
        var draft = new HypothesisDraft
        {
            Id = Narrator.IdOf(SymptomCategory.Software, []), // the same id whether or not the spread is established, so votes stay
            Title = $"Software fault with no concentrating factor: {Wording.KindPhrase(rootSymptoms)} on {Wording.Plural(ranks, "rank")} of {Wording.Plural(hosts, "host")}",
            Category = SymptomCategory.Software,
            Factors = factors,
            Roots = software,
            LogBayesFactor = Math.Min(6, Math.Log(software.Count)),
        };
        draft.Evidence.Add(string.Create(Inv,
            $"{software.Count} software failures ({Wording.KindCounts(rootSymptoms)}) are first failures: nothing upstream explains them."));
        if (dispersion is not null)
        {
            (dispersion.Value.Even ? draft.Evidence : draft.CounterEvidence).Add(dispersion.Value.Sentence + (dispersion.Value.Even ? " A broken component would concentrate them." : string.Empty));
        }

        draft.Evidence.Add(string.Create(Inv,
            $"No host, GPU, switch, version or manifest value concentrates them (p ≥ {CandidateFinder.Significance} for all {ctx.ValuesTested} factor values tested): a rare race or nondeterministic bug fits."));
        var signatures = rootSymptoms.GroupBy(s => s.Signature, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First();
        if (signatures.Count() >= 2)
        {
            draft.Evidence.Add(string.Create(Inv, $"{signatures.Count()} of them share the signature '{Wording.Short(signatures.Key, 80)}'."));
        }

        if (ctx.Inputs.Manifest is null)
        {
            draft.CounterEvidence.Add("There is no step manifest, so data factors (shard, batch) could not be tested.");
        }

        draft.NextCheck = "Reproduce with the failing frames under compute-sanitizer (racecheck) or CUDA_LAUNCH_BLOCKING=1 on a few ranks; collect core dumps and compare stacks.";
        return draft;
    }
}
