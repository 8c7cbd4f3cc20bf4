using Triage.Hypotheses;
using Triage.Storage;

namespace Triage.Tui.ViewModels;

/// <summary>What the TUI read from the store in one poll: hypotheses, who voted, decisions and notes.</summary>
internal sealed record StoreSnapshot(
    IReadOnlyList<Hypothesis> Hypotheses,
    IReadOnlyList<VoteRecord> Votes,
    IReadOnlyList<ReviewEntry> Reviews,
    Attribution? Attribution,
    RunSummary? Summary)
{
    public static StoreSnapshot Empty { get; } = new([], [], [], null, null);

    public static async Task<StoreSnapshot> LoadAsync(ISymptomStore store, string run, CancellationToken cancellationToken)
    {
        var hypotheses = await store.GetHypothesesAsync(run, cancellationToken).ConfigureAwait(false);
        var votes = await store.GetVotesAsync(run, cancellationToken).ConfigureAwait(false);
        var reviews = await store.GetReviewsAsync(run, cancellationToken).ConfigureAwait(false);
        var attribution = await store.GetAttributionAsync(run, cancellationToken).ConfigureAwait(false);
        var runs = await store.GetRunsAsync(cancellationToken).ConfigureAwait(false);
        return new StoreSnapshot(hypotheses, votes, reviews, attribution, runs.FirstOrDefault(r => string.Equals(r.Run, run, StringComparison.Ordinal)));
    }

    /// <summary>Whether anything a screen shows differs from <paramref name="other"/> (a cheap check before re-rendering).</summary>
    public bool SameAs(StoreSnapshot other) =>
        Hypotheses.SequenceEqual(other.Hypotheses, HypothesisComparer.Instance)
        && Votes.SequenceEqual(other.Votes)
        && Reviews.SequenceEqual(other.Reviews)
        && Summary == other.Summary;

    private sealed class HypothesisComparer : IEqualityComparer<Hypothesis>
    {
        public static readonly HypothesisComparer Instance = new();

        public bool Equals(Hypothesis? x, Hypothesis? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Rank == y.Rank && x.Score.Equals(y.Score) && x.Votes == y.Votes && x.Title == y.Title;

        public int GetHashCode(Hypothesis obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
