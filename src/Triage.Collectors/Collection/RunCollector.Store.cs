using Triage.Collectors.Extraction;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Collectors.Collection;

/// <content>Store access: one writer at a time while files are extracted in parallel, failures recorded once.</content>
public sealed partial class RunCollector
{
    private readonly SemaphoreSlim _storeGate = new(1, 1);

    private SourceCheckpoint Checkpoint(string run, SourcePlan plan, SourceCursor at, bool complete) => plan.CheckpointAt(run, at, complete, _time.GetUtcNow());

    private async Task RecordAsync(CollectTotals totals, string path, CollectorFailureKind kind, string reason, CancellationToken cancellationToken)
    {
        if (!totals.Remember(path, reason))
        {
            return; // following: already recorded in an earlier poll
        }

        CollectorLog.SourceProblem(_logger, totals.Run, path, kind.ToString(), reason);
        await StoreAsync(ct => _store.RecordFailureAsync(new CollectorFailure(totals.Run, path, kind, reason, _time.GetUtcNow()), ct), cancellationToken).ConfigureAwait(false);
        totals.Problem(skipped: kind == CollectorFailureKind.Skipped);
    }

    /// <summary>
    /// Stores the symptoms of a file read whole (a torchelastic error file, a saved <c>sinfo -R</c>) with a
    /// checkpoint at its end that marks it done, and counts it.
    /// </summary>
    /// <summary>
    /// The bytes of a file that is read whole (a torchelastic <c>error.json</c>, a saved <c>sinfo -R</c>),
    /// or null when it is larger than <paramref name="maxBytes"/> (then it is not one: it is read as a log).
    /// </summary>
    private static async Task<byte[]?> ReadWholeFileAsync(SourcePlan plan, int maxBytes, CancellationToken cancellationToken) =>
        plan.File.Length > maxBytes ? null : await File.ReadAllBytesAsync(plan.File.FullPath, cancellationToken).ConfigureAwait(false) is var bytes && bytes.Length <= maxBytes ? bytes : null;

    private async Task AppendWholeFileAsync(SourcePlan plan, CollectTotals totals, long length, long lines, DateTimeOffset? time, List<Symptom> symptoms, CancellationToken cancellationToken)
    {
        totals.Count(bytes: length, lines: lines);
        var checkpoint = Checkpoint(totals.Run, plan, new SourceCursor(length, 0, time), complete: true);
        var fresh = await AppendAsync(symptoms.ToArray(), checkpoint, cancellationToken).ConfigureAwait(false);
        totals.Count(found: symptoms.Count, fresh: fresh);
        CollectorLog.SourceRead(_logger, plan.File.Path, length, lines, symptoms.Count);
    }

    /// <summary>Appends through the store gate: one writer at a time while files are extracted in parallel.</summary>
    private Task<int> AppendAsync(Symptom[] symptoms, SourceCheckpoint checkpoint, CancellationToken cancellationToken) =>
        StoreAsync(ct => _store.AppendAsync(symptoms, checkpoint, ct), cancellationToken);

    private Task StoreAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken) =>
        StoreAsync(async ct => { await write(ct).ConfigureAwait(false); return 0; }, cancellationToken);

    private async Task<T> StoreAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await _storeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _storeGate.Release();
        }
    }
}
