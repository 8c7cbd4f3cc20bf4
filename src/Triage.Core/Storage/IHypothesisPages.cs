namespace Triage.Storage;

/// <summary>
/// Optional capability of a store (not part of <see cref="ISymptomStore"/>): a run's hypotheses a
/// page at a time, in the order of <see cref="ISymptomStore.GetHypothesesAsync"/> (the latest
/// analysis's by rank, then unranked older ones), with the total. The TUI draws its first screen
/// from the first page and loads the rest afterwards; callers fall back to
/// <see cref="ISymptomStore.GetHypothesesAsync"/> when a store does not implement it.
/// </summary>
public interface IHypothesisPages
{
    /// <summary>
    /// Up to <paramref name="limit"/> hypotheses of <paramref name="run"/> with their votes, starting
    /// at <paramref name="offset"/>, and how many the run has in all.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative or <paramref name="limit"/> is not positive.</exception>
    Task<HypothesisPage> GetHypothesesPageAsync(string run, int offset, int limit, CancellationToken cancellationToken = default);
}
