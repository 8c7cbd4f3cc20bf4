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

    public static StoreSnapshot Empty { get; } = new([], [], []);

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
