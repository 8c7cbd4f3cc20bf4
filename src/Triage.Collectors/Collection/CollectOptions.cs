using Triage.Dumps;

namespace Triage.Collectors.Collection;

/// <summary>How <see cref="RunCollector.CollectAsync"/> runs.</summary>
public sealed record CollectOptions
{
    /// <summary>Run name; default: the run directory's name.</summary>
    public string? Run { get; init; }

    /// <summary>Keep polling for new and growing files until cancelled; default false.</summary>
    public bool Follow { get; init; }

    /// <summary>Time between polls when following; default 2 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When following, a file that has not grown for this long is read to its end as if final
    /// (its last unterminated line and open blocks are consumed). Default 30 s.
    /// </summary>
    public TimeSpan IdleFinalizeAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Called after every pass with the totals so far (<c>triage watch</c> re-analyses and alerts
    /// here); default none. An exception it throws ends the collection.
    /// </summary>
    public Func<CollectResult, CancellationToken, Task>? PassCompleted { get; init; }

    /// <summary>How crash dumps are read (symbol paths, signature skip list, limits); default <see cref="DumpOptions.Default"/>.</summary>
    public DumpOptions Dumps { get; init; } = DumpOptions.Default;

    /// <summary>
    /// How many files are extracted at once (each file by one worker, its batches in order; one
    /// writer to the store). Default 0: <see cref="Environment.ProcessorCount"/>; 1 reads files one by one.
    /// </summary>
    public int MaxParallelism { get; init; }

    internal int EffectiveParallelism => MaxParallelism > 0 ? MaxParallelism : Environment.ProcessorCount;
}
