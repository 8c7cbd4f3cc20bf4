using System.Globalization;
using Triage.Alerts.Rules;
using Triage.Symptoms;

namespace Triage.Alerts.Evaluation;

/// <summary>
/// Groups a rule's symptoms by its <c>group_by</c> fields and keeps the clusters that reach its
/// thresholds inside the window ending at the cluster's latest symptom. Pure; the caller has
/// already left out collateral.
/// </summary>
internal static class ClusterFinder
{
    public static bool Matches(SymptomMatch match, Symptom s)
    {
        if (s.Kind.StartsWith("meta.", StringComparison.Ordinal) || s.Severity < match.MinSeverity)
        {
            return false;
        }

        if (match.Kinds.Count > 0 && !match.Kinds.Contains(s.Kind, StringComparer.Ordinal))
        {
            return false;
        }

        foreach (var (name, values) in match.Attrs)
        {
            if (!s.Attrs.TryGetValue(name, out var v) || !values.Contains(v, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static IReadOnlyList<Cluster> Find(SymptomMatch match, IEnumerable<Symptom> symptoms)
    {
        var groups = new Dictionary<string, (List<(string, string)> Key, List<Symptom> Members)>(StringComparer.Ordinal);
        foreach (var s in symptoms)
        {
            if (!Matches(match, s))
            {
                continue;
            }

            var key = new List<(string, string)>(match.GroupBy.Count);
            foreach (var field in match.GroupBy)
            {
                if (Field(s, field) is not { } value)
                {
                    key = null;
                    break;
                }

                key.Add((field, value));
            }

            if (key is null)
            {
                continue; // a symptom without the keyed field (no GPU named) is not in any keyed cluster
            }

            var text = string.Join("\u0001", key.Select(k => k.Item2));
            if (!groups.TryGetValue(text, out var group))
            {
                groups[text] = group = (key, []);
            }

            group.Members.Add(s);
        }

        var result = new List<Cluster>();
        foreach (var (key, members) in groups.Values)
        {
            var latest = members.Max(m => m.Timestamp);
            var inWindow = members.Where(m => latest is null || m.Timestamp is null || m.Timestamp > latest.Value - match.Window).ToList();
            var hosts = inWindow.Select(m => m.Host).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Count();
            var ranks = inWindow.Select(m => m.Rank).OfType<int>().Distinct().Count();
            if (inWindow.Count >= match.MinCount && hosts >= match.MinHosts && ranks >= match.MinRanks)
            {
                result.Add(new Cluster(key, members, inWindow.Count, hosts, ranks));
            }
        }

        return result.OrderBy(c => c.KeyText, StringComparer.Ordinal).ToList();
    }

    public static string? Field(Symptom s, string field) => field switch
    {
        "kind" => s.Kind,
        "signature" => s.Signature,
        "host" => s.Host,
        "gpu" => s.Gpu?.ToString(CultureInfo.InvariantCulture),
        "rank" => s.Rank?.ToString(CultureInfo.InvariantCulture),
        "category" => Names.Of(s.Category),
        _ when field.StartsWith("attrs.", StringComparison.Ordinal) => s.Attrs.TryGetValue(field[6..], out var v) ? v : null,
        _ => null,
    };

    /// <summary>The label a group_by field becomes (<c>attrs.xid</c> → <c>xid</c>).</summary>
    public static string LabelOf(string field) => field.StartsWith("attrs.", StringComparison.Ordinal) ? field[6..] : field;
}
