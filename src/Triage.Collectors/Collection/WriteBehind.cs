namespace Triage.Collectors.Collection;

/// <summary>
/// Store writes of one source, run off the extracting thread one at a time and in order, with at
/// most one in flight: <see cref="EnqueueAsync"/> waits for the previous write before starting the
/// next, so the extractor reads and matches batch n+1 while batch n is written, and memory holds at
/// most two batches. A failed write surfaces at the next <see cref="EnqueueAsync"/> or at
/// <see cref="DrainAsync"/>. Not thread-safe: one per source, used by the extracting task.
/// </summary>
internal sealed class WriteBehind
{
    private Task? _writing;

    /// <summary>Waits for the write in flight (rethrowing its failure), then starts <paramref name="write"/> on the thread pool.</summary>
    public async Task EnqueueAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_writing is not null)
        {
            await _writing.ConfigureAwait(false);
        }

        _writing = Task.Run(write, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="produce"/> (which enqueues the writes), then waits for the last write. When
    /// <paramref name="produce"/> fails, the write in flight is awaited quietly and that failure rethrown.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> produce)
    {
        ArgumentNullException.ThrowIfNull(produce);
        T result;
        try
        {
            result = await produce().ConfigureAwait(false);
        }
        catch
        {
            await DrainQuietlyAsync().ConfigureAwait(false);
            throw;
        }

        await DrainAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Waits for the last write; rethrows its failure.</summary>
    public Task DrainAsync() => _writing ?? Task.CompletedTask;

    /// <summary>Waits for the last write and ignores its outcome (the caller is already failing).</summary>
    public async Task DrainQuietlyAsync()
    {
        if (_writing is not null)
        {
            await _writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
