using System.Diagnostics;
using Triage.Collectors.Collection;
using Triage.Correlation;
using Triage.Hypotheses;
using Triage.Rules.Causal;
using Triage.Runs;
using Triage.Storage;

namespace Triage.Cli.Commands;

/// <summary>Collect what is new in a run directory, correlate, store the hypotheses: what <c>analyze</c> and <c>eval</c> share.</summary>
internal static class AnalyzePipeline
{
    /// <summary>The outcome of one collect + analyze pass.</summary>
    internal sealed record Outcome(CollectResult Collected, Analysis Analysis, TimeSpan CollectTime, TimeSpan AnalyzeTime)
    {
        /// <summary>The run's metadata as the analysis used it (run facts with the attempts the logs showed).</summary>
        public RunInputs Inputs { get; init; } = RunInputs.None;
    }

    public static async Task<Outcome> RunAsync(ISymptomStore store, string? rulesOption, string runDirectory, string? run, CliEnvironment env, CancellationToken cancellationToken)
    {
        var rulesDirectory = RulesLocation.Resolve(rulesOption, env);
        var rules = RulesLocation.Load(rulesOption, env);
        var causal = CausalRuleSet.LoadDirectory(Path.Combine(rulesDirectory, "causal"));
        var watch = Stopwatch.StartNew();
        var collector = new RunCollector(store, rules, env.Time);
        var collected = await collector.CollectAsync(runDirectory, new CollectOptions { Run = run, Dumps = DumpCommand.DumpOptionsFor(rulesOption, null, env) }, null, cancellationToken).ConfigureAwait(false);
        var collectTime = watch.Elapsed;
        var outcome = await AnalyzeAsync(store, causal, collected, env, cancellationToken).ConfigureAwait(false);
        return outcome with { CollectTime = collectTime };
    }

    /// <summary>Correlates what <paramref name="collected"/> put in the store, stores the hypotheses (what <c>watch</c> does after each collection pass).</summary>
    public static async Task<Outcome> AnalyzeAsync(ISymptomStore store, CausalRuleSet causal, CollectResult collected, CliEnvironment env, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var analyzer = new Analyzer(store, causal, env.Time);
        var analysis = await analyzer.AnalyzeAsync(collected.Run, collected.Inputs, cancellationToken).ConfigureAwait(false);
        await store.SaveAnalysisAsync(analysis, cancellationToken).ConfigureAwait(false);
        if (env.GetVariable("TRIAGE_DEBUG_ENGINE") == "1")
        {
            foreach (var line in analyzer.LastRootReport)
            {
                await env.Error.WriteLineAsync("root: " + line).ConfigureAwait(false);
            }
        }

        // Votes live in the store, keyed by the stable ids.
        var stored = (await store.GetHypothesesAsync(collected.Run, cancellationToken).ConfigureAwait(false)).ToDictionary(h => h.Id, StringComparer.Ordinal);
        analysis = analysis with
        {
            Hypotheses = analysis.Hypotheses.Select(h => stored.TryGetValue(h.Id, out var s) ? h with { Votes = s.Votes } : h).ToList(),
        };
        return new Outcome(collected, analysis, TimeSpan.Zero, watch.Elapsed) { Inputs = analyzer.LastInputs };
    }
}
