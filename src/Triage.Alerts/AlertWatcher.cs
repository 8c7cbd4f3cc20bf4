using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Alerts.Delivery;
using Triage.Alerts.Evaluation;
using Triage.Alerts.Rules;
using Triage.Alerts.Tracking;
using Triage.Hypotheses;
using Triage.Storage;

namespace Triage.Alerts;

/// <summary>
/// One watch pass for one run, after its analysis: evaluate the alert rules, merge the result into
/// the stored alerts (<see cref="AlertTracker"/>), save what changed, plan each destination's
/// requests against what it already accepted and hand them to the <see cref="AlertDispatcher"/>.
/// Passes of several runs are serialised (one at a time). Thread-safe.
/// </summary>
public sealed partial class AlertWatcher
{
    private readonly AlertRuleSet _rules;
    private readonly ISymptomStore _store;
    private readonly IAlertState _state;
    private readonly AlertDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyCollection<string> _runs;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a watcher for <paramref name="runs"/> (grouping sees the alerts of all of them).</summary>
    public AlertWatcher(AlertRuleSet rules, ISymptomStore store, IAlertState state, AlertDispatcher dispatcher, IReadOnlyCollection<string> runs, TimeProvider timeProvider, ILogger<AlertWatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _rules = rules;
        _store = store;
        _state = state;
        _dispatcher = dispatcher;
        _runs = runs;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Evaluates, tracks and queues notifications for <paramref name="analysis"/>'s run.</summary>
    /// <param name="analysis">The run's fresh analysis.</param>
    /// <param name="explainCommand">The explain command line with <c>{id}</c> for the hypothesis id.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task<AlertPassResult> ProcessAsync(Analysis analysis, string explainCommand, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var evaluator = new AlertEvaluator(_rules, _store);
            var candidates = await evaluator.EvaluateAsync(analysis, explainCommand, cancellationToken).ConfigureAwait(false);
            foreach (var rule in evaluator.Truncated)
            {
                LogTruncated(rule, analysis.Run, AlertEvaluator.MaxSymptomsPerRule);
            }

            var now = _time.GetUtcNow();
            var stored = await _state.GetAlertsAsync([analysis.Run], cancellationToken).ConfigureAwait(false);
            var before = stored.ToDictionary(r => r.Fingerprint, StringComparer.Ordinal);
            var (records, changed) = AlertTracker.Update(candidates, stored, now);
            var changedRecords = records.Where(r => changed.Contains(r.Fingerprint)).ToList();
            await _state.SaveAlertsAsync(changedRecords, cancellationToken).ConfigureAwait(false);
            var fired = changedRecords.Count(r => r.Status == AlertStatus.Firing && (!before.TryGetValue(r.Fingerprint, out var b) || b.Status == AlertStatus.Resolved));
            var resolved = changedRecords.Count(r => r.Status == AlertStatus.Resolved && before.TryGetValue(r.Fingerprint, out var b) && b.Status == AlertStatus.Firing);
            foreach (var r in changedRecords.Where(r => !before.TryGetValue(r.Fingerprint, out var b) || b.Status != r.Status))
            {
                LogTransition(r.Labels[AlertLabels.AlertName], r.Run, r.Labels.GetValueOrDefault(AlertLabels.Hypothesis, r.Annotations.GetValueOrDefault(AlertLabels.Hypothesis, AlertText.NoHypothesis)), r.Status, r.Size, r.Fingerprint);
            }

            var silences = await _state.GetSilencesAsync(cancellationToken).ConfigureAwait(false);
            var all = await _state.GetAlertsAsync(_runs, cancellationToken).ConfigureAwait(false);
            var queued = 0;
            foreach (var destination in _dispatcher.Destinations)
            {
                var delivered = await _state.GetDeliveriesAsync(destination.Name, cancellationToken).ConfigureAwait(false);
                foreach (var outgoing in destination.Plan(all, delivered, silences, _rules.Route, now))
                {
                    if (!_dispatcher.IsPending(destination, outgoing.Key) && _dispatcher.Enqueue(destination, outgoing))
                    {
                        queued++;
                    }
                }
            }

            var firing = records.Where(r => r.Status == AlertStatus.Firing).ToList();
            var silenced = firing.Count(r => SilenceMatcher.Silenced(silences, r.Labels, now));
            return new AlertPassResult(analysis.Run, firing.Count, fired, resolved, silenced, queued);
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "alert {AlertName} run {Run} hypothesis {Hypothesis}: {Status} (size {Size}, fingerprint {Fingerprint})")]
    private partial void LogTransition(string alertName, string run, string hypothesis, AlertStatus status, long size, string fingerprint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert rule {Rule} on run {Run}: more than {Max} symptoms matched; clusters are formed from the first ones")]
    private partial void LogTruncated(string rule, string run, int max);
}
