using Triage.Hypotheses;
using Triage.Storage;

namespace Triage.Tui.ViewModels;

/// <summary>What the TUI read from the store in one poll: hypotheses, who voted, decisions and notes (the attribution is read only when a drill-down or the details need it).</summary>
internal sealed record StoreSnapshot(
    IReadOnlyList<Hypothesis> Hypotheses,
    IReadOnlyList<VoteRecord> Votes,
    IReadOnlyList<ReviewEntry> Reviews)
{
    private ILookup<string, VoteRecord>? _votesById;
    private ILookup<string, ReviewEntry>? _reviewsById;

    private readonly int _total;

    public static StoreSnapshot Empty { get; } = new([], [], []);

    /// <summary>How many hypotheses the run has: more than <see cref="Hypotheses"/> while only the first page is loaded.</summary>
    public int Total { get => Math.Max(_total, Hypotheses.Count); init => _total = value; }

    /// <summary>Whether only the first page of the hypotheses is loaded (the first frame of a large run).</summary>
    public bool Partial => Hypotheses.Count < Total;

    /// <summary>Votes by hypothesis id (built on first use: the list renders thousands of rows).</summary>
    public ILookup<string, VoteRecord> VotesById => _votesById ??= Votes.ToLookup(v => v.HypothesisId, StringComparer.Ordinal);

    /// <summary>Decisions and notes by hypothesis id, oldest first.</summary>
    public ILookup<string, ReviewEntry> ReviewsById => _reviewsById ??= Reviews.ToLookup(r => r.HypothesisId, StringComparer.Ordinal);

    public static async Task<StoreSnapshot> LoadAsync(ISymptomStore store, string run, CancellationToken cancellationToken)
    {
        var hypotheses = await store.GetHypothesesAsync(run, cancellationToken).ConfigureAwait(false);
        var votes = await store.GetVotesAsync(run, cancellationToken).ConfigureAwait(false);
        var reviews = await store.GetReviewsAsync(run, cancellationToken).ConfigureAwait(false);
        return new StoreSnapshot(hypotheses, votes, reviews);
    }

    /// <summary>
    /// The first <paramref name="size"/> hypotheses by rank with the run's total, votes and notes:
    /// what the first screen needs. A store without <see cref="IHypothesisPages"/> loads them all.
    /// </summary>
    public static async Task<StoreSnapshot> LoadFirstPageAsync(ISymptomStore store, string run, int size, CancellationToken cancellationToken)
    {
        if (store is not IHypothesisPages pages)
        {
            return await LoadAsync(store, run, cancellationToken).ConfigureAwait(false);
        }

        var page = await pages.GetHypothesesPageAsync(run, 0, size, cancellationToken).ConfigureAwait(false);
        var votes = await store.GetVotesAsync(run, cancellationToken).ConfigureAwait(false);
        var reviews = await store.GetReviewsAsync(run, cancellationToken).ConfigureAwait(false);
        return new StoreSnapshot(page.Hypotheses, votes, reviews) { Total = page.Total };
    }

    /// <summary>Whether anything a screen shows differs from <paramref name="other"/> (a cheap check before re-rendering).</summary>
    public bool SameAs(StoreSnapshot other) =>
        SameHypotheses(other)
        && Votes.SequenceEqual(other.Votes)
        && Reviews.SequenceEqual(other.Reviews);

    /// <summary>Whether the analysis is the same (ids, ranks, scores, titles): if not, a re-analysis ran.</summary>
    public bool SameHypotheses(StoreSnapshot other) => Hypotheses.SequenceEqual(other.Hypotheses, HypothesisComparer.Instance);

    private sealed class HypothesisComparer : IEqualityComparer<Hypothesis>
    {
        public static readonly HypothesisComparer Instance = new();

        public bool Equals(Hypothesis? x, Hypothesis? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Rank == y.Rank && x.Score.Equals(y.Score) && x.Title == y.Title && x.Explains.Symptoms == y.Explains.Symptoms;

        public int GetHashCode(Hypothesis obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
