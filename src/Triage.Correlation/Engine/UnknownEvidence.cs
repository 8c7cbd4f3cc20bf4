using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Which <c>log.unknown</c> symptoms (error lines no rule knows, grouped by mined template) the
/// engine reasons about. Unknown lines are plentiful and mostly echo a failure a rule already
/// names (stack frames, launcher summaries) or are start-up chatter, so only an unknown error that
/// comes strictly before every known symptom of its rank and host (or where there is none) can be a first
/// failure; warnings and lines without a time stay in the store (<c>triage templates list</c>) but
/// are left out of the analysis.
/// </summary>
internal static class UnknownEvidence
{
    public const string Kind = "log.unknown";

    /// <summary>Removes the unknown symptoms the engine does not use; returns how many were removed.</summary>
    public static int Filter(List<Symptom> symptoms)
    {
        var firstKnown = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var s in symptoms)
        {
            if (s.Kind != Kind && !SymptomKinds.IsFact(s.Kind) && s.Timestamp is { } stamp)
            {
                // A line that inherited its time printed after the stamped line it took it from: an
                // unknown error with that same stamp came first.
                var t = s.TimeInferred ? stamp.AddTicks(1) : stamp;
                foreach (var place in Places(s))
                {
                    if (!firstKnown.TryGetValue(place, out var first) || t < first)
                    {
                        firstKnown[place] = t;
                    }
                }
            }
        }

        return symptoms.RemoveAll(s => s.Kind == Kind && !Keep(s, firstKnown));
    }

    /// <summary>Fewest distinct ranks (or hosts) that must print one unknown template for it to be a candidate.</summary>
    public const int MinPlaces = 3;

    /// <summary>
    /// One candidate per template that at least <see cref="MinPlaces"/> ranks printed as a first
    /// failure: an unknown error that many ranks report at once is one event with one cause.
    /// Its support grows with the share of first failures it covers and with the ranks it spans.
    /// </summary>
    public static IEnumerable<Candidate> Candidates(IReadOnlyList<Observation> roots, IReadOnlyList<DateTimeOffset?> times)
    {
        var byTemplate = Enumerable.Range(0, roots.Count)
            .Where(i => roots[i].Symptom.Kind == Kind)
            .GroupBy(i => roots[i].Symptom.Signature, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byTemplate)
        {
            var members = group.ToList();
            var places = members.Select(i => (roots[i].Symptom.Host, roots[i].Symptom.Rank)).Distinct().Count();
            if (places < MinPlaces)
            {
                continue;
            }

            const double baseline = 0.05;
            var bonus = Math.Log(places);
            var llr = Stats.EnrichmentLlr(members.Count, Math.Max(members.Count, roots.Count), baseline);
            yield return new Candidate
            {
                Factors = [(FactorKeys.Template, group.Key)],
                Source = FactorSource.Template,
                Covers = members,
                Tested = roots.Count,
                Baseline = baseline,
                Llr = llr,
                AdjustedP = Math.Min(1, Stats.ChiSquareSurvival(2 * llr, 1)),
                IsEvent = true,
                Category = SymptomCategory.Software,
                LogBayesFactor = Math.Min(25, llr + bonus),
                Bonus = bonus,
                RootTimes = times,
            };
        }
    }

    /// <summary>The template text of the unknown symptoms among <paramref name="symptoms"/> (attr <c>template</c>).</summary>
    public static string TemplateText(IEnumerable<Symptom> symptoms) =>
        symptoms.Where(s => s.Kind == Kind).Select(s => s.Attrs.GetValueOrDefault("template")).FirstOrDefault(t => t is not null) ?? string.Empty;

    private static bool Keep(Symptom s, Dictionary<string, DateTimeOffset> firstKnown) =>
        s.Severity >= Severity.Error
        && s.Timestamp is { } t
        && Places(s).All(place => !firstKnown.TryGetValue(place, out var first) || t < first);

    /// <summary>
    /// Where a line was printed, as precisely as it says: its rank and its host when it names them
    /// (a rank-prefixed line of a merged Slurm output names no host), else the whole run. A known
    /// failure only hides the unknown lines of its own places.
    /// </summary>
    private static IEnumerable<string> Places(Symptom s)
    {
        if (s.Rank is { } rank)
        {
            yield return "r" + rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (s.Host is { } host)
        {
            yield return "h" + host;
        }

        if (s.Rank is null && s.Host is null)
        {
            yield return string.Empty;
        }
    }
}
