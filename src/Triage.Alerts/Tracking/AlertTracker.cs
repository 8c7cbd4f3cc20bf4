using Triage.Alerts.Evaluation;

namespace Triage.Alerts.Tracking;

/// <summary>
/// Merges one pass's <see cref="AlertCandidate"/>s into the stored alerts of the same runs
/// (Alertmanager's lifecycle): a new label set fires; a firing alert whose cluster grew is
/// refreshed; one that has not grown for its <c>resolve_after</c> (or, for hypothesis alerts,
/// that no longer qualifies) resolves; a resolved one whose cluster grows again fires again.
/// Annotations (the explaining hypothesis among them) follow the latest pass. Pure and deterministic.
/// </summary>
public static class AlertTracker
{
    /// <summary>The records after this pass: every stored record of the passed runs, changed or not, plus new ones.</summary>
    /// <param name="candidates">What the rules raised this pass.</param>
    /// <param name="stored">Stored alerts of the runs that were evaluated.</param>
    /// <param name="now">The watch clock.</param>
    /// <returns>All records, and the fingerprints that changed (to be saved).</returns>
    public static (IReadOnlyList<AlertRecord> All, IReadOnlySet<string> Changed) Update(
        IReadOnlyList<AlertCandidate> candidates, IReadOnlyList<AlertRecord> stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(stored);
        var records = stored.ToDictionary(r => r.Fingerprint, StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            var fingerprint = AlertFingerprint.Of(c.Labels);
            if (!seen.Add(fingerprint))
            {
                continue;
            }

            if (records.TryGetValue(fingerprint, out var old))
            {
                var grew = c.Size > old.Size || (c.ResolveWhenAbsent && old.Status == AlertStatus.Resolved);
                var next = old with { Annotations = c.Annotations, Size = Math.Max(c.Size, old.Size), ResolveAfter = c.ResolveAfter };
                if (grew)
                {
                    next = next with { LastGrowthAt = now };
                    if (old.Status == AlertStatus.Resolved)
                    {
                        next = next with { Status = AlertStatus.Firing, StartsAt = now, EndsAt = null };
                    }
                }
                else if (old.Status == AlertStatus.Firing && !c.ResolveWhenAbsent && now - old.LastGrowthAt >= old.ResolveAfter)
                {
                    next = next with { Status = AlertStatus.Resolved, EndsAt = now };
                }

                if (!SameContent(next, old))
                {
                    changed.Add(fingerprint);
                }

                records[fingerprint] = SameContent(next, old) ? old : next;
                continue;
            }

            records[fingerprint] = new AlertRecord(fingerprint, c.Labels, c.Annotations, AlertStatus.Firing, now, null, c.Size, now, c.ResolveAfter);
            changed.Add(fingerprint);
        }

        foreach (var r in records.Values.Where(r => r.Status == AlertStatus.Firing && !seen.Contains(r.Fingerprint)).ToList())
        {
            // Hypothesis alerts carry a zero resolve_after: they resolve as soon as they no longer qualify.
            if (now - r.LastGrowthAt >= r.ResolveAfter)
            {
                records[r.Fingerprint] = r with { Status = AlertStatus.Resolved, EndsAt = now };
                changed.Add(r.Fingerprint);
            }
        }

        return (records.Values.OrderBy(r => r.StartsAt).ThenBy(r => r.Fingerprint, StringComparer.Ordinal).ToList(), changed);
    }

    private static bool SameContent(AlertRecord a, AlertRecord b) =>
        a.Status == b.Status && a.StartsAt == b.StartsAt && a.EndsAt == b.EndsAt && a.Size == b.Size && a.LastGrowthAt == b.LastGrowthAt
        && a.ResolveAfter == b.ResolveAfter && a.Annotations.Count == b.Annotations.Count && a.Annotations.All(kv => b.Annotations.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
