namespace Triage.Collectors;

/// <summary>
/// Work that only reads (a metrics pass over files) started before the caller's own pass: on a
/// thread-pool thread beside it when <c>concurrent</c>, with a cancellation linked to the caller's,
/// else run when its result is asked for, after the caller's pass (as when it simply came second).
/// The result is the same either way. Not thread-safe: one caller, which asks for the result or
/// abandons the work exactly once.
/// </summary>
internal sealed class Beside<T>
{
    private readonly Func<CancellationToken, T> _work;
    private readonly CancellationTokenSource _cancel;
    private readonly Task<T>? _running;

    public Beside(Func<CancellationToken, T> work, bool concurrent, CancellationToken cancellationToken)
    {
        _work = work;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _cancel.Token;
        _running = concurrent ? Task.Run(() => work(token), token) : null;
    }

    /// <summary>Whether the work runs beside the caller (true) or on <see cref="ResultAsync"/> (false).</summary>
    public bool Concurrent => _running is not null;

    /// <summary>The work's result (waits for it, or runs it now).</summary>
    public async Task<T> ResultAsync()
    {
        try
        {
            if (_running is not null)
            {
                return await _running.ConfigureAwait(false);
            }

            var token = _cancel.Token;
            return await Task.Run(() => _work(token), token).ConfigureAwait(false);
        }
        finally
        {
            _cancel.Dispose();
        }
    }

    /// <summary>The caller's pass failed or was cancelled: stops the work and waits for it, ignoring how it ended.</summary>
    public async Task AbandonAsync()
    {
        try
        {
            await _cancel.CancelAsync().ConfigureAwait(false);
            if (_running is not null)
            {
                await ((Task)_running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            _cancel.Dispose();
        }
    }
}
