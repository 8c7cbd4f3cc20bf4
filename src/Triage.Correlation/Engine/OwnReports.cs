using System.Globalization;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// What a component cause's failing part reported beside the failures it was tested on. A component
/// is tested on real failures of kinds that only the failing part prints (<see cref="CandidateFinder"/>),
/// so two kinds of its own reports stay out of the test and would be left as failures nothing explains:
/// <list type="bullet">
/// <item>the other reports of its own events: the warnings printed beside them (Megatron's "Unexpected
/// result ... Spiky loss" before its "Possible transient error" on the same device) and what the job
/// printed once for that step (the metrics file's loss spike). They join when they are of a kind the
/// cause explains, happened within <see cref="CandidateFinder.EventGap"/> of one of its roots, and
/// either hold every factor of the cause or name no component (<see cref="Observation.StepLevel"/>);</item>
/// <item>failures of the cause's own category on the component itself, of the kinds every peer prints
/// too: NCCL's transport errors on the host whose InfiniBand port went down are that port's, however
/// long before or after the port's own line. Printed by a peer they would name nothing; printed there,
/// by a network (or hardware) fault's own host, they are its.</item>
/// </list>
/// </summary>
internal static class OwnReports
{
    public static void Absorb(IReadOnlyList<Observation> roots, RootFactors[] factors, IReadOnlyList<DateTimeOffset?> times, List<(Candidate Candidate, List<int> Roots)> chosen)
    {
        var taken = chosen.SelectMany(c => c.Roots).ToHashSet();
        foreach (var (candidate, covered) in chosen.Where(c => c.Candidate.Source == FactorSource.Component))
        {
            var kinds = covered.Select(i => roots[i].Symptom.Kind).ToHashSet(StringComparer.Ordinal);
            var own = covered.Select(i => times[i]).OfType<DateTimeOffset>().Order().ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var physical = candidate.Category is SymptomCategory.Network or SymptomCategory.Hardware;
            for (var i = 0; i < roots.Count; i++)
            {
                var s = roots[i].Symptom;
                if (taken.Contains(i) || times[i] is not { } at)
                {
                    continue;
                }

                var sameEvent = kinds.Contains(s.Kind) && Near(own, at) && (roots[i].StepLevel || Holds(candidate, s, factors[i]));
                var ownPart = physical && s.Category == candidate.Category && s.Severity >= Severity.Error && Holds(candidate, s, factors[i]);
                if (!sameEvent && !ownPart)
                {
                    continue;
                }

                covered.Add(i);
                taken.Add(i);
            }
        }
    }

    private static bool Near(List<DateTimeOffset> sorted, DateTimeOffset at)
    {
        var index = sorted.BinarySearch(at);
        if (index >= 0)
        {
            return true;
        }

        index = ~index;
        return (index < sorted.Count && sorted[index] - at <= CandidateFinder.EventGap)
            || (index > 0 && at - sorted[index - 1] <= CandidateFinder.EventGap);
    }

    private static bool Holds(Candidate candidate, Symptom s, RootFactors factors) =>
        candidate.Factors.All(f => f.Key switch
        {
            FactorKeys.Host => s.Host == f.Value,
            FactorKeys.Gpu => s.Gpu?.ToString(CultureInfo.InvariantCulture) == f.Value,
            _ => factors.Values.TryGetValue(f.Key, out var values) && values.ContainsKey(f.Value),
        });
}
