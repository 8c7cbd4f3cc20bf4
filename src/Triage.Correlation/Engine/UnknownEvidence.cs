using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Which <c>log.unknown</c> symptoms (error lines no rule knows, grouped by mined template) the
/// engine reasons about. Unknown lines are plentiful and mostly echo a failure a rule already
/// names (stack frames, launcher summaries) or are start-up chatter, so only an unknown error that
/// comes strictly before every known symptom of its host (or on a host with none) can be a first
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
            if (s.Kind != Kind && !SymptomKinds.IsFact(s.Kind) && s.Timestamp is { } t)
            {
                var host = s.Host ?? string.Empty;
                if (!firstKnown.TryGetValue(host, out var first) || t < first)
                {
                    firstKnown[host] = t;
                }
            }
        }

        return symptoms.RemoveAll(s => s.Kind == Kind && !Keep(s, firstKnown));
    }

    private static bool Keep(Symptom s, Dictionary<string, DateTimeOffset> firstKnown) =>
        s.Severity >= Severity.Error
        && s.Timestamp is { } t
        && (!firstKnown.TryGetValue(s.Host ?? string.Empty, out var first) || t < first);
}
