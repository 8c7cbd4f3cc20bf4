using System.Globalization;
using Triage.Hypotheses;
using Triage.Reports.Model;
using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Reports.Building;

/// <summary>
/// The timeline: attempts and restarts with version changes, first failures (each with where to read
/// it and the hypothesis that explains it), the waves that followed, and the team's votes, decisions
/// and notes with who and when. Ordered by time; entries of one instant keep that order.
/// </summary>
internal static class TimelineBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<TimelineEntry> Build(
        RunFacts? facts,
        IReadOnlyList<Symptom> roots,
        IReadOnlyDictionary<string, string> rootOwner,
        IReadOnlyDictionary<string, Hypothesis> hypotheses,
        IReadOnlyList<Wave> waves,
        IReadOnlyList<VoteRecord> votes,
        IReadOnlyList<ReviewEntry> reviews,
        int maxFirstFailures)
    {
        var entries = new List<TimelineEntry>();
        RunAttempt? previous = null;
        foreach (var attempt in facts?.Attempts ?? [])
        {
            entries.Add(new TimelineEntry(attempt.Start, TimelineKind.Start, attempt.Index == 0
                ? "The job started (attempt 1)."
                : string.Create(Inv, $"Restart: attempt {attempt.Index + 1} started{Resumed(attempt)}.")));
            if (previous is not null)
            {
                foreach (var change in Changes(previous, attempt))
                {
                    entries.Add(new TimelineEntry(attempt.Start, TimelineKind.VersionChange, change));
                }
            }

            previous = attempt;
        }

        var shown = roots.Take(maxFirstFailures).ToList();
        foreach (var root in shown)
        {
            var owner = rootOwner.TryGetValue(root.Id, out var id) && hypotheses.TryGetValue(id, out var h) ? h : null;
            var who = root.Host is null ? null : root.Host + (root.Rank is { } rank ? " rank " + rank.ToString(Inv) : string.Empty);
            entries.Add(new TimelineEntry(
                root.Timestamp,
                TimelineKind.FirstFailure,
                $"First failure: {root.Kind}{(owner is null ? string.Empty : string.Create(Inv, $" (explained by #{owner.Rank} {owner.Id})"))}: {FirstLine(root.Message)}",
                who,
                string.Create(Inv, $"{root.Source.Path}:{root.Source.Line}"),
                owner?.Id));
        }

        if (roots.Count > shown.Count)
        {
            entries.Add(new TimelineEntry(roots[shown.Count].Timestamp, TimelineKind.FirstFailure, string.Create(Inv, $"… and {roots.Count - shown.Count:N0} more first failures until {Time(roots[^1].Timestamp)}.")));
        }

        foreach (var wave in waves)
        {
            var firsts = roots.Count(r => r.Timestamp >= wave.Start && r.Timestamp < wave.End);
            var kinds = string.Join(", ", wave.Kinds.Take(4).Select(k => string.Create(Inv, $"{k.Kind} ×{k.Count:N0}")));
            entries.Add(new TimelineEntry(wave.Start, TimelineKind.CollateralWave, string.Create(Inv,
                $"Wave of {wave.Count:N0} symptoms on {wave.Hosts:N0} host{(wave.Hosts == 1 ? string.Empty : "s")} until {Time(wave.End)} ({firsts:N0} first failure{(firsts == 1 ? string.Empty : "s")}, the rest collateral): {kinds}{(wave.Kinds.Count > 4 ? string.Create(Inv, $" and {wave.Kinds.Count - 4} more kinds") : string.Empty)}.")));
        }

        foreach (var vote in votes)
        {
            var h = hypotheses.GetValueOrDefault(vote.HypothesisId);
            var what = vote.Vote switch { > 0 => "voted for", < 0 => "voted against", _ => "withdrew a vote on" };
            entries.Add(new TimelineEntry(vote.At, TimelineKind.Vote, $"{what} {Name(h, vote.HypothesisId)}.", vote.Voter, HypothesisId: vote.HypothesisId));
        }

        foreach (var review in reviews)
        {
            var h = hypotheses.GetValueOrDefault(review.HypothesisId);
            var text = review.Kind switch
            {
                ReviewKind.Confirm => $"confirmed {Name(h, review.HypothesisId)}: {review.Text}",
                ReviewKind.Reject => $"rejected {Name(h, review.HypothesisId)}: {review.Text}",
                _ => $"noted on {Name(h, review.HypothesisId)}: {review.Text}",
            };
            entries.Add(new TimelineEntry(review.At, review.Kind == ReviewKind.Note ? TimelineKind.Note : TimelineKind.Decision, text, review.Author, HypothesisId: review.HypothesisId));
        }

        // Stable: entries of one instant keep the order above (a restart before its version change).
        return entries.Select((e, i) => (e, i)).OrderBy(x => x.e.At ?? DateTimeOffset.MaxValue).ThenBy(x => x.i).Select(x => x.e).ToList();
    }

    internal static string Name(Hypothesis? h, string id) => h is null ? id : h.Rank > 0 ? string.Create(Inv, $"#{h.Rank} {h.Id}") : $"{h.Id} (unranked)";

    internal static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Inv) ?? "unknown";

    private static string Resumed(RunAttempt attempt) =>
        attempt.Versions.TryGetValue("resumed_from_step", out var step) ? $", resumed from step {step}" : string.Empty;

    private static IEnumerable<string> Changes(RunAttempt before, RunAttempt after)
    {
        foreach (var (key, value) in after.Versions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key is "step" or "resumed_from_step" || !key.EndsWith("version", StringComparison.Ordinal))
            {
                continue;
            }

            if (before.Versions.TryGetValue(key, out var old) && !string.Equals(old, value, StringComparison.Ordinal))
            {
                yield return string.Create(Inv, $"Version change at attempt {after.Index + 1}: {key} {old} → {value}.");
            }
            else if (old is null)
            {
                yield return string.Create(Inv, $"Version change at attempt {after.Index + 1}: {key} {value} (not set before).");
            }
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\n', '\r']);
        var line = end < 0 ? message : message[..end];
        line = line.Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
