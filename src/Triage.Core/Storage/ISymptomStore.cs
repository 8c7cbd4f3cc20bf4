using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Storage;

/// <summary>
/// The store contract shared by the embedded store and Elasticsearch. The engine only asks
/// for aggregates and bounded pages, never "all symptoms", so it scales with the store.
/// Implementations are safe to use from several threads and several processes at once and
/// throw <see cref="StoreException"/> for anything the store itself refuses.
/// </summary>
public interface ISymptomStore : IAsyncDisposable
{
    /// <summary>
    /// Appends symptoms idempotently (an id already stored is left as it is) and, in the same
    /// transaction, saves <paramref name="checkpoint"/> when given. Returns how many were new.
    /// </summary>
    Task<int> AppendAsync(IReadOnlyList<Symptom> symptoms, SourceCheckpoint? checkpoint = null, CancellationToken cancellationToken = default);

    /// <summary>One bounded page of symptoms matching <paramref name="filter"/>, ordered by (timestamp, id).</summary>
    Task<SymptomPage> QueryAsync(SymptomFilter filter, SymptomPageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Number of symptoms matching <paramref name="filter"/>.</summary>
    Task<long> CountAsync(SymptomFilter filter, CancellationToken cancellationToken = default);

    /// <summary>One symptom by id, or null.</summary>
    Task<Symptom?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts grouped by <paramref name="groupBy"/> (at least one field) over <paramref name="filter"/>,
    /// at most <paramref name="maxGroups"/> groups (1..100,000), largest first.
    /// </summary>
    Task<AggregateResult> AggregateAsync(SymptomFilter filter, IReadOnlyList<SymptomField> groupBy, int maxGroups = 10_000, CancellationToken cancellationToken = default);

    /// <summary>All checkpoints of a run.</summary>
    Task<IReadOnlyList<SourceCheckpoint>> GetCheckpointsAsync(string run, CancellationToken cancellationToken = default);

    /// <summary>Forgets a checkpoint (e.g. the file is gone), keeping the symptoms read from it.</summary>
    Task DeleteCheckpointAsync(string run, string path, CancellationToken cancellationToken = default);

    /// <summary>Records a per-item collector failure. The same (run, path, reason) is recorded once.</summary>
    Task RecordFailureAsync(CollectorFailure failure, CancellationToken cancellationToken = default);

    /// <summary>Recorded failures, newest first, of one run or (null) of all runs.</summary>
    Task<IReadOnlyList<CollectorFailure>> GetFailuresAsync(string? run, CancellationToken cancellationToken = default);

    /// <summary>One summary per run in the store, by name.</summary>
    Task<IReadOnlyList<RunSummary>> GetRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves an analysis of a run: its hypotheses (by id; ones an earlier analysis produced and
    /// this one did not are kept, unranked, so votes on them survive) and its attribution.
    /// </summary>
    Task SaveAnalysisAsync(Analysis analysis, CancellationToken cancellationToken = default);

    /// <summary>The run's hypotheses with their votes: the latest analysis's by rank, then unranked (rank 0) older ones.</summary>
    Task<IReadOnlyList<Hypothesis>> GetHypothesesAsync(string run, CancellationToken cancellationToken = default);

    /// <summary>The latest analysis's attribution of the run, or null when it was never analysed.</summary>
    Task<Attribution?> GetAttributionAsync(string run, CancellationToken cancellationToken = default);

    /// <summary>Records one engineer's vote on a hypothesis: +1, -1, or 0 to withdraw it. Changing a vote replaces it.</summary>
    Task VoteAsync(string run, string hypothesisId, string voter, int vote, CancellationToken cancellationToken = default);

    /// <summary>Who voted what on the run's hypotheses (current votes only), by hypothesis, then voter.</summary>
    Task<IReadOnlyList<VoteRecord>> GetVotesAsync(string run, CancellationToken cancellationToken = default);

    /// <summary>Appends a decision (confirm or reject, with its reason) or a note on one of the run's hypotheses.</summary>
    Task AddReviewAsync(string run, ReviewEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The run's decisions and notes, oldest first.</summary>
    Task<IReadOnlyList<ReviewEntry>> GetReviewsAsync(string run, CancellationToken cancellationToken = default);
}
