using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Storage;

namespace Triage.Alerts.Delivery;

/// <summary>
/// Sends planned requests in the background, one bounded queue (<see cref="Channel{T}"/>) and one
/// worker per destination, with retries and backoff. A delivery is recorded in the store only when
/// the destination accepted it, so whatever fails or is dropped is planned again on the next pass
/// and nothing is lost; an unreachable destination never blocks the watcher. Thread-safe.
/// </summary>
public sealed partial class AlertDispatcher : IAsyncDisposable
{
    private readonly IAlertState _state;
    private readonly TimeProvider _time;
    private readonly DeliveryOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<IAlertDestination, Channel<Outgoing>> _queues = [];
    private readonly ConcurrentDictionary<(string, string), Outgoing> _pending = new();
    private readonly List<Task> _workers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _idleLock = new();
    private TaskCompletionSource _idle = Idle();
    private long _sent;
    private long _failed;
    private long _dropped;
    private int _disposed;

    /// <summary>Creates the dispatcher and starts one worker per destination.</summary>
    public AlertDispatcher(IReadOnlyList<IAlertDestination> destinations, IAlertState state, TimeProvider timeProvider, DeliveryOptions? options = null, ILogger<AlertDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _state = state;
        _time = timeProvider;
        _options = options ?? new DeliveryOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        foreach (var destination in destinations)
        {
            var queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            _queues[destination] = queue;
            _workers.Add(Task.Run(() => WorkAsync(destination, queue.Reader, _stop.Token)));
        }
    }

    /// <summary>The destinations.</summary>
    public IReadOnlyCollection<IAlertDestination> Destinations => _queues.Keys;

    /// <summary>Requests accepted by their destination since start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Requests given up on since start (after all tries, or refused as malformed).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Requests dropped because a queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Requests queued or being sent.</summary>
    public int Pending => _pending.Count;

    /// <summary>Whether a request for this destination and key is queued or being sent (the planner leaves it alone).</summary>
    public bool IsPending(IAlertDestination destination, string key) => _pending.ContainsKey((destination.Name, key));

    /// <summary>Queues a request; false when one for the same key is pending or the queue is full (it is planned again next pass).</summary>
    public bool Enqueue(IAlertDestination destination, Outgoing outgoing)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(outgoing);
        lock (_idleLock)
        {
            if (!_pending.TryAdd((destination.Name, outgoing.Key), outgoing))
            {
                return false;
            }

            if (_idle.Task.IsCompleted)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (_queues[destination].Writer.TryWrite(outgoing))
        {
            return true;
        }

        Done(destination, outgoing);
        Interlocked.Increment(ref _dropped);
        LogQueueFull(destination.Name, _options.QueueCapacity, outgoing.What);
        return false;
    }

    /// <summary>Waits until nothing is pending or <paramref name="timeout"/> passed; true when everything was sent or given up.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Task idle;
        lock (_idleLock)
        {
            idle = _idle.Task;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(timeout, _time, stop.Token);
        var first = await Task.WhenAny(idle, timer).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return first == idle;
    }

    private void Done(IAlertDestination destination, Outgoing outgoing)
    {
        lock (_idleLock)
        {
            _pending.TryRemove((destination.Name, outgoing.Key), out _);
            if (_pending.IsEmpty)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource Idle()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idle.SetResult();
        return idle;
    }

    /// <summary>Stops the workers (requests still queued are planned again by the next watcher). Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var queue in _queues.Values)
        {
            queue.Writer.TryComplete();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private async Task WorkAsync(IAlertDestination destination, ChannelReader<Outgoing> reader, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var outgoing in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await DeliverAsync(destination, outgoing, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Done(destination, outgoing);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task DeliverAsync(IAlertDestination destination, Outgoing outgoing, CancellationToken cancellationToken)
    {
        var backoff = _options.FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await destination.SendAsync(outgoing, cancellationToken).ConfigureAwait(false);
                await _state.SaveDeliveryAsync(new AlertDelivery(destination.Name, outgoing.Key, outgoing.Hash, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _sent);
                LogSent(destination.Name, outgoing.What);
                return;
            }
            catch (AlertDeliveryException ex) when (ex.Retryable && attempt < _options.Attempts)
            {
                LogRetry(destination.Name, attempt, _options.Attempts, backoff.TotalSeconds, ex.Message);
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                backoff *= 2;
            }
            catch (AlertDeliveryException ex)
            {
                Interlocked.Increment(ref _failed);
                LogGaveUp(destination.Name, outgoing.What, attempt, ex.Message);
                return;
            }
            catch (StoreException ex)
            {
                // Sent but not recorded: the next pass sends it again (a duplicate beats a loss).
                Interlocked.Increment(ref _failed);
                LogNotRecorded(destination.Name, outgoing.What, ex.Message);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "sent to {Destination}: {What}")]
    private partial void LogSent(string destination, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Destination}: try {Attempt} of {Attempts} failed, again in {Seconds} s: {Reason}")]
    private partial void LogRetry(string destination, int attempt, int attempts, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Destination}: gave up on {What} after {Attempts} tries: {Reason} (planned again next pass)")]
    private partial void LogGaveUp(string destination, string what, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Destination}: {What} was sent but could not be recorded: {Reason}")]
    private partial void LogNotRecorded(string destination, string what, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Destination}: queue full ({Capacity}), {What} waits for the next pass")]
    private partial void LogQueueFull(string destination, int capacity, string what);
}
