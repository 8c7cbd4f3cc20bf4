using Triage.Hypotheses;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Support;

/// <summary>
/// A store wrapper that cancels a token at the k-th append — before the write (nothing of it is
/// stored) or after it commits (the caller is cancelled right after a durable write).
/// </summary>
internal sealed class CancellingStore(ISymptomStore inner, CancellationTokenSource cts, int cancelAtAppend, bool afterCommit) : ISymptomStore
{
    private int _appends;

    public async Task<int> AppendAsync(IReadOnlyList<Symptom> symptoms, SourceCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        if (++_appends == cancelAtAppend && !afterCommit)
        {
            await cts.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        var n = await inner.AppendAsync(symptoms, checkpoint, CancellationToken.None);
        if (_appends == cancelAtAppend && afterCommit)
        {
            await cts.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return n;
    }

    public Task<SymptomPage> QueryAsync(SymptomFilter filter, SymptomPageRequest page, CancellationToken cancellationToken = default) => inner.QueryAsync(filter, page, cancellationToken);

    public Task<long> CountAsync(SymptomFilter filter, CancellationToken cancellationToken = default) => inner.CountAsync(filter, cancellationToken);

    public Task<Symptom?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<AggregateResult> AggregateAsync(SymptomFilter filter, IReadOnlyList<SymptomField> groupBy, int maxGroups = 10000, CancellationToken cancellationToken = default) =>
        inner.AggregateAsync(filter, groupBy, maxGroups, cancellationToken);

    public Task<IReadOnlyList<SourceCheckpoint>> GetCheckpointsAsync(string run, CancellationToken cancellationToken = default) => inner.GetCheckpointsAsync(run, cancellationToken);

    public Task DeleteCheckpointAsync(string run, string path, CancellationToken cancellationToken = default) => inner.DeleteCheckpointAsync(run, path, cancellationToken);

    public Task RecordFailureAsync(CollectorFailure failure, CancellationToken cancellationToken = default) => inner.RecordFailureAsync(failure, cancellationToken);

    public Task<IReadOnlyList<CollectorFailure>> GetFailuresAsync(string? run, CancellationToken cancellationToken = default) => inner.GetFailuresAsync(run, cancellationToken);

    public Task<IReadOnlyList<RunSummary>> GetRunsAsync(CancellationToken cancellationToken = default) => inner.GetRunsAsync(cancellationToken);

    public Task SaveAnalysisAsync(Triage.Hypotheses.Analysis analysis, CancellationToken cancellationToken = default) => inner.SaveAnalysisAsync(analysis, cancellationToken);

    public Task<IReadOnlyList<Triage.Hypotheses.Hypothesis>> GetHypothesesAsync(string run, CancellationToken cancellationToken = default) => inner.GetHypothesesAsync(run, cancellationToken);

    public Task<Triage.Hypotheses.Attribution?> GetAttributionAsync(string run, CancellationToken cancellationToken = default) => inner.GetAttributionAsync(run, cancellationToken);

    public Task VoteAsync(string run, string hypothesisId, string voter, int vote, CancellationToken cancellationToken = default) => inner.VoteAsync(run, hypothesisId, voter, vote, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<IReadOnlyList<VoteRecord>> GetVotesAsync(string run, CancellationToken cancellationToken = default) => inner.GetVotesAsync(run, cancellationToken);

    public Task AddReviewAsync(string run, ReviewEntry entry, CancellationToken cancellationToken = default) => inner.AddReviewAsync(run, entry, cancellationToken);

    public Task<IReadOnlyList<ReviewEntry>> GetReviewsAsync(string run, CancellationToken cancellationToken = default) => inner.GetReviewsAsync(run, cancellationToken);
}
