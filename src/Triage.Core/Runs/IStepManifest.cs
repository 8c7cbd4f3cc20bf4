namespace Triage.Runs;

/// <summary>
/// A step manifest: per rank per step, what the rank was doing (data shard, batch, code version...).
/// It can be far larger than memory, so it is streamed, once per use, never held. Implementations are
/// safe to enumerate from one thread at a time per call; each <see cref="Read"/> starts over.
/// </summary>
public interface IStepManifest
{
    /// <summary>The files the rows come from, in the order they are read.</summary>
    IReadOnlyList<string> Files { get; }

    /// <summary>
    /// The rows, lazily, in file order. Unusable lines are skipped and counted in <paramref name="stats"/>,
    /// unreadable files recorded there as problems. Throws only <see cref="OperationCanceledException"/>.
    /// </summary>
    IEnumerable<ManifestRow> Read(ManifestReadStats stats, CancellationToken cancellationToken = default);
}
