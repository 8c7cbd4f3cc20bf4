using Triage.Alerts.Delivery;
using Triage.Alerts.Rules;
using Triage.Collectors.Collection;
using Triage.Correlation;
using Triage.Hypotheses;
using Triage.Rules;
using Triage.Rules.Causal;
using Triage.Storage.Embedded;
using Triage.Testing;

namespace Triage.Alerts.Tests.Support;

/// <summary>What <c>triage watch --once</c> does for one directory, with the real collector, engine and store: collect, analyse, alert, drain.</summary>
internal static class WatchHarness
{
    private static readonly Lazy<RuleSet> Extraction = new(() => RuleSet.LoadDirectory(TestRepository.Rules));
    private static readonly Lazy<CausalRuleSet> Causal = new(() => CausalRuleSet.LoadDirectory(Path.Combine(TestRepository.Rules, "causal")));

    public static AlertRuleSet DefaultAlerts => AlertRuleSet.LoadDirectory(Path.Combine(TestRepository.Rules, "alerts"));

    /// <summary>One pass with a fresh dispatcher (as a fresh <c>--once</c> process would have); returns the analysis, the pass result and the dispatcher's counts.</summary>
    public static async Task<(Analysis Analysis, AlertPassResult Result, long Sent, long Failed)> PassAsync(
        SqliteSymptomStore store, string dir, IReadOnlyList<IAlertDestination> destinations, TimeProvider time, AlertRuleSet? alerts = null, DeliveryOptions? delivery = null, string? run = null)
    {
        var collected = await new RunCollector(store, Extraction.Value, time).CollectAsync(dir, new CollectOptions { Run = run });
        var analysis = await new Analyzer(store, Causal.Value, time).AnalyzeAsync(collected.Run, collected.Inputs);
        await store.SaveAnalysisAsync(analysis);
        await using var dispatcher = new AlertDispatcher(destinations, store, time, delivery ?? new DeliveryOptions { FirstBackoff = TimeSpan.FromMilliseconds(20) });
        var watcher = new AlertWatcher(alerts ?? DefaultAlerts, store, store, dispatcher, [collected.Run], time);
        var result = await watcher.ProcessAsync(analysis, $"triage analyze {dir} --explain {{id}}");
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(30));
        return (analysis, result, dispatcher.Sent, dispatcher.Failed);
    }
}
