using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Triage.Alerts;
using Triage.Alerts.Delivery;
using Triage.Cli.Output;
using Triage.Collectors.Collection;
using Triage.Hypotheses;
using Triage.Rules.Causal;
using Triage.Storage;

namespace Triage.Cli.Commands;

/// <summary>
/// The running <c>triage watch</c>: one follow collection per directory (the collector's own
/// <c>--follow</c> loop), and after each pass a re-analysis when new symptoms arrived, the alert
/// pass and one status line. Ctrl+C / SIGTERM end the follow loops; queued notifications are left
/// for the next watcher (they are not recorded as sent).
/// </summary>
internal static partial class WatchSession
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(WatchSettings settings, ISymptomStore store, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (store is not IAlertState state)
        {
            throw new TriageException(
                $"the store '{StoreLocation.Describe(settings.Store, env)}' keeps no alert state (the Elasticsearch store does not implement it yet): triage watch and triage silence need the embedded store (--store sqlite:PATH)",
                ExitCodes.StoreError);
        }

        var rules = RulesLocation.Load(settings.Rules, env);
        var causal = CausalRuleSet.LoadDirectory(Path.Combine(RulesLocation.Resolve(settings.Rules, env), "causal"));
        using var provider = new TextWriterLoggerProvider(env.Error, env.Time, settings.LogLevel);
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(settings.LogLevel).AddProvider(provider));
        var runs = settings.Directories.Select(d => RunName(d, settings.Run)).ToList();
        var dispatcher = new AlertDispatcher(settings.Destinations, state, env.Time, null, factory.CreateLogger<AlertDispatcher>());
        await using (dispatcher.ConfigureAwait(false))
        {
            var watcher = new AlertWatcher(settings.Alerts, store, state, dispatcher, runs, env.Time, factory.CreateLogger<AlertWatcher>());
            var log = factory.CreateLogger("Triage.Cli.Watch");
            LogStarting(log, settings.Directories.Count, settings.Alerts.Rules.Count, settings.Destinations.Count, settings.Once ? "once" : "every " + Triage.Alerts.Rules.Durations.Format(settings.Interval));
            if (settings.Destinations.Count == 0)
            {
                LogNoDestination(log);
            }

            // One collector per directory: a collector runs one collection at a time.
            var watches = settings.Directories.Select((dir, i) => WatchOneAsync(settings, dir, runs[i], new RunCollector(store, rules, env.Time, factory.CreateLogger<RunCollector>()), store, causal, watcher, dispatcher, env, log, cancellationToken)).ToList();
            var failures = (await Task.WhenAll(watches).ConfigureAwait(false)).Sum();
            if (!settings.Once)
            {
                LogStopped(log, dispatcher.Pending);
                return failures > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
            }

            var drained = await dispatcher.DrainAsync(settings.DrainTimeout, cancellationToken).ConfigureAwait(false);
            await env.Out.WriteLineAsync(string.Create(Inv,
                $"notifications: {dispatcher.Sent} sent, {dispatcher.Failed} failed, {dispatcher.Dropped + dispatcher.Pending} not sent yet")).ConfigureAwait(false);
            if (!drained || dispatcher.Failed > 0 || dispatcher.Dropped > 0)
            {
                throw new TriageException(string.Create(Inv,
                    $"{dispatcher.Failed + dispatcher.Dropped + dispatcher.Pending} notifications were not delivered (see the log above); the next pass sends them"), ExitCodes.PartialFailure);
            }

            return failures > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
        }
    }

    private static async Task<int> WatchOneAsync(
        WatchSettings settings, string dir, string run, RunCollector collector, ISymptomStore store, CausalRuleSet causal,
        AlertWatcher watcher, AlertDispatcher dispatcher, CliEnvironment env, ILogger log, CancellationToken cancellationToken)
    {
        var pass = 0;
        long seenNew = -1;
        Analysis? analysis = null;
        var explain = ExplainCommand(dir, run, settings);
        var options = new CollectOptions
        {
            Run = run,
            Follow = !settings.Once,
            PollInterval = settings.Interval,
            Dumps = DumpCommand.DumpOptionsFor(settings.Rules, null, env),
            PassCompleted = async (collected, token) =>
            {
                pass++;
                var fresh = collected.SymptomsNew - Math.Max(seenNew, 0);
                var analyzeTime = TimeSpan.Zero;
                if (analysis is null || collected.SymptomsNew != seenNew)
                {
                    var outcome = await AnalyzePipeline.AnalyzeAsync(store, causal, collected, env, token).ConfigureAwait(false);
                    (analysis, analyzeTime) = (outcome.Analysis, outcome.AnalyzeTime);
                    seenNew = collected.SymptomsNew;
                }

                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = await watcher.ProcessAsync(analysis, explain, token).ConfigureAwait(false);
                LogPassTimes(log, run, analyzeTime.TotalSeconds, clock.Elapsed.TotalSeconds);
                var top = analysis.Hypotheses.Count > 0 ? $", top {analysis.Hypotheses[0].Id} {analysis.Hypotheses[0].Score.ToString("0.00", Inv)}" : string.Empty;
                var line = string.Create(Inv,
                    $"{Time(env.Time.GetUtcNow())} pass {pass} {run}: +{fresh.ToString("N0", Inv)} new symptoms, {analysis.Symptoms.ToString("N0", Inv)} in all, {analysis.Roots.ToString("N0", Inv)} first failures, {analysis.Hypotheses.Count} hypotheses{top}; alerts {result.Firing} firing ({result.Fired} new, {result.Resolved} resolved, {result.Silenced} silenced), {result.Queued} notifications queued; sent {dispatcher.Sent}, failed {dispatcher.Failed}");
                await env.Out.WriteLineAsync(Triage.Text.TerminalText.Sanitize(line)).ConfigureAwait(false);
                await env.Out.FlushAsync(token).ConfigureAwait(false);
            },
        };
        var totals = await collector.CollectAsync(dir, options, null, cancellationToken).ConfigureAwait(false);
        if (totals.Failures > 0)
        {
            LogPartial(log, run, totals.Failures);
        }

        return totals.Failures;
    }

    internal static string RunName(string dir, string? run) =>
        string.IsNullOrWhiteSpace(run) ? new DirectoryInfo(Path.GetFullPath(dir)).Name : run.Trim();

    /// <summary>The command line that explains a hypothesis of this run, with <c>{id}</c> for the id (quoted for a POSIX shell).</summary>
    internal static string ExplainCommand(string dir, string run, WatchSettings settings)
    {
        var line = "triage analyze " + Quote(dir) + " --run " + Quote(run);
        if (settings.Store is { } store)
        {
            line += " --store " + Quote(store);
        }

        if (settings.Rules is { } rules)
        {
            line += " --rules " + Quote(rules);
        }

        return line + " --explain {id}";
    }

    private static string Quote(string s) => Plain().IsMatch(s) ? s : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv);

    [GeneratedRegex("^[A-Za-z0-9_./:@%+=,-]+$")]
    private static partial Regex Plain();

    [LoggerMessage(Level = LogLevel.Information, Message = "watching {Directories} run directories with {Rules} alert rules, {Destinations} destinations, {Schedule}")]
    private static partial void LogStarting(ILogger logger, int directories, int rules, int destinations, string schedule);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no destination (--alertmanager, --webhook, --slack): alerts are tracked in the store but not sent")]
    private static partial void LogNoDestination(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped; {Pending} notifications still queued are sent by the next watcher")]
    private static partial void LogStopped(ILogger logger, int pending);

    [LoggerMessage(Level = LogLevel.Debug, Message = "run {Run}: analysis {AnalyzeSeconds:0.00} s (0 when nothing new), alert pass {AlertSeconds:0.00} s")]
    private static partial void LogPassTimes(ILogger logger, string run, double analyzeSeconds, double alertSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {Run}: {Failures} files could not be read (see 'triage status')")]
    private static partial void LogPartial(ILogger logger, string run, int failures);
}
