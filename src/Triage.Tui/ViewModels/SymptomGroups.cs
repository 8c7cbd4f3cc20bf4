using System.Globalization;
using Triage.Hypotheses;
using Triage.Storage;
using Triage.Symptoms;
using Triage.Text;

namespace Triage.Tui.ViewModels;

/// <summary>
/// The symptoms behind a hypothesis, grouped by kind and host: its root symptoms (by id, at most
/// <see cref="MaxRoots"/>) and the first <see cref="PageSize"/> of each collateral claim. Bounded,
/// so a cascade of millions of lines costs a few pages.
/// </summary>
internal static class SymptomGroups
{
    public const int MaxRoots = 500;
    public const int PageSize = 200;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<IReadOnlyList<Symptom>> LoadAsync(ISymptomStore store, Attribution? attribution, Hypothesis hypothesis, CancellationToken cancellationToken)
    {
        var symptoms = new Dictionary<string, Symptom>(StringComparer.Ordinal);
        if (attribution is null)
        {
            return [];
        }

        foreach (var (id, _) in attribution.ById.Where(p => p.Value.Hypothesis == hypothesis.Id).Take(MaxRoots))
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } symptom)
            {
                symptoms.TryAdd(symptom.Id, symptom);
            }
        }

        foreach (var claim in attribution.Claims.Where(c => c.Hypothesis == hypothesis.Id))
        {
            var page = await store.QueryAsync(claim.Filter, new SymptomPageRequest { Size = PageSize }, cancellationToken).ConfigureAwait(false);
            foreach (var symptom in page.Items)
            {
                symptoms.TryAdd(symptom.Id, symptom);
            }
        }

        return symptoms.Values.ToList();
    }

    /// <summary>Rows: per (kind, host) group, largest first, a header and then its symptoms by time.</summary>
    public static IReadOnlyList<SymptomRow> Rows(IReadOnlyList<Symptom> symptoms)
    {
        var rows = new List<SymptomRow>();
        var groups = symptoms
            .GroupBy(s => (s.Kind, Host: s.Host ?? "-"))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Kind, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Host, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            rows.Add(new SymptomRow(TerminalText.Sanitize(string.Create(Inv, $"{group.Key.Kind} on {group.Key.Host}: {group.Count()} symptom{(group.Count() == 1 ? string.Empty : "s")}"), 256), null));
            foreach (var s in group.OrderBy(s => s.Timestamp).ThenBy(s => s.Id, StringComparer.Ordinal))
            {
                var rank = s.Rank is { } r ? " rank " + r.ToString(Inv) : string.Empty;
                rows.Add(new SymptomRow(
                    "  " + TerminalText.Sanitize(string.Create(Inv, $"{DetailsFormatter.Time(s.Timestamp)}{rank} {s.Source.Path}:{s.Source.Line}  {s.Message}"), 1024),
                    s));
            }
        }

        return rows;
    }
}
