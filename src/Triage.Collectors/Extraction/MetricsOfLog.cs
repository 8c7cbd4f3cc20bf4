using Triage.Collectors.Metrics;
using Triage.Symptoms;

namespace Triage.Collectors.Extraction;

/// <summary>
/// The metrics pass over one plain-text log for <c>triage extract</c> (its iteration lines through
/// the detectors), started before the rules' pass: on a thread-pool thread beside it when
/// <c>concurrent</c> (the two passes read the file independently and share no state), else run
/// when the result is asked for, after the rules' pass, as before. Either way the findings are the
/// same and come after the rules' symptoms. Not thread-safe: one caller.
/// </summary>
internal sealed class MetricsOfLog
{
    private readonly Func<IReadOnlyList<Symptom>> _run;
    private readonly CancellationTokenSource _cancel;
    private readonly Task<IReadOnlyList<Symptom>>? _running;

    private MetricsOfLog(Func<CancellationToken, IReadOnlyList<Symptom>> run, bool concurrent, CancellationToken cancellationToken)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _cancel.Token;
        _run = () => run(token);
        _running = concurrent ? Task.Run(_run, token) : null;
    }

    /// <summary>Whether the pass runs beside the caller (true) or on <see cref="ResultAsync"/> (false).</summary>
    public bool Concurrent => _running is not null;

    public static MetricsOfLog Start(string path, string displayPath, bool concurrent, CancellationToken cancellationToken) =>
        new(ct => new MetricsPass("extract", MetricsOptions.Default).Run([new MetricsSourceFile(path, displayPath, displayPath, MetricsFormat.LogLines)], ct).Symptoms, concurrent, cancellationToken);

    /// <summary>For tests: any pass.</summary>
    internal static MetricsOfLog Start(Func<CancellationToken, IReadOnlyList<Symptom>> run, bool concurrent, CancellationToken cancellationToken) =>
        new(run, concurrent, cancellationToken);

    /// <summary>The pass's symptoms (waits for it, or runs it now).</summary>
    public async Task<IReadOnlyList<Symptom>> ResultAsync()
    {
        try
        {
            return _running is null ? _run() : await _running.ConfigureAwait(false);
        }
        finally
        {
            _cancel.Dispose();
        }
    }

    /// <summary>The rules' pass failed: stops the metrics pass and waits for it, ignoring how it ended.</summary>
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
