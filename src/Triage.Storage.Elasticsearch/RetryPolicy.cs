namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Bounded exponential backoff with jitter for 429 and 5xx: attempt n waits a random time in
/// [d/2, d] where d = min(max, base * 2^n). The delay itself is injected so tests run instantly.
/// </summary>
internal sealed class RetryPolicy
{
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly Func<double> _random;

    public RetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay, Func<TimeSpan, CancellationToken, Task> delay, Func<double>? random = null)
    {
        MaxRetries = maxRetries;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _delay = delay;
        _random = random ?? Random.Shared.NextDouble;
    }

    public int MaxRetries { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>True for statuses worth retrying: 429 (rejected, back off) and 5xx (node trouble).</summary>
    public static bool IsTransient(int status) => status == 429 || status >= 500;

    /// <summary>The delay before retry <paramref name="attempt"/> (0-based).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(MaxDelay.TotalMilliseconds, exponential);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * _random())));
    }

    /// <summary>Waits before retry <paramref name="attempt"/>.</summary>
    public Task WaitAsync(int attempt, CancellationToken cancellationToken) => _delay(DelayFor(attempt), cancellationToken);
}
