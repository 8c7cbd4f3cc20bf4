using Triage.Hypotheses;
using Triage.Storage;

namespace Triage.Tui.ViewModels;

/// <summary>
/// What the details pane reads from the store for one hypothesis: the timeline of the symptoms it
/// explains over the run, and the collateral it absorbed by kind. Bounded: one aggregation per
/// claim and at most <see cref="MaxRoots"/> root symptoms read by id.
/// </summary>
internal sealed record HypothesisDetails(IReadOnlyList<long> Timeline, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<(string Kind, long Count)> Collateral)
{
    public const int MaxRoots = 200;

    public static async Task<HypothesisDetails> LoadAsync(ISymptomStore store, Attribution? attribution, RunSummary? run, Hypothesis hypothesis, int bins, CancellationToken cancellationToken)
    {
        var from = run?.FirstSeen;
        var to = run?.LastSeen;
        var timeline = new long[Math.Max(1, bins)];
        var collateral = new Dictionary<string, long>(StringComparer.Ordinal);
        if (attribution is null)
        {
            return new HypothesisDetails(timeline, from, to, []);
        }

        var span = from is { } f && to is { } t ? (t - f).TotalSeconds : 0;
        var bucket = (int)Math.Clamp(Math.Ceiling(span / timeline.Length), 1, 86_400);
        foreach (var claim in attribution.Claims.Where(c => c.Hypothesis == hypothesis.Id))
        {
            var byTime = await store.AggregateAsync(claim.Filter, [SymptomField.TimeBucket(bucket)], 100_000, cancellationToken).ConfigureAwait(false);
            foreach (var row in byTime.Rows)
            {
                AddToBin(timeline, row.FirstSeen, from, bucket, row.Count);
            }

            if (claim.Role == AttributionRole.Collateral)
            {
                var byKind = await store.AggregateAsync(claim.Filter, [SymptomField.Parse("kind")], 1000, cancellationToken).ConfigureAwait(false);
                foreach (var row in byKind.Rows)
                {
                    collateral[row.Keys[0] ?? "?"] = collateral.GetValueOrDefault(row.Keys[0] ?? "?") + row.Count;
                }
            }
        }

        foreach (var (id, _) in attribution.ById.Where(p => p.Value.Hypothesis == hypothesis.Id).Take(MaxRoots))
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } symptom)
            {
                AddToBin(timeline, symptom.Timestamp, from, bucket, 1);
            }
        }

        return new HypothesisDetails(timeline, from, to, collateral.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).ToList());
    }

    private static void AddToBin(long[] timeline, DateTimeOffset? at, DateTimeOffset? from, int bucket, long count)
    {
        if (at is { } a && from is { } f)
        {
            timeline[Math.Clamp((int)((a - f).TotalSeconds / bucket), 0, timeline.Length - 1)] += count;
        }
    }
}
