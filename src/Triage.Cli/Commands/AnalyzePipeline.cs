using System.Diagnostics;
using Triage.Collectors.Collection;
using Triage.Correlation;
using Triage.Hypotheses;
using Triage.Storage;

namespace Triage.Cli.Commands;

/// <summary>Collect what is new in a run directory, then correlate: what <c>analyze</c> and <c>eval</c> share.</summary>
internal static class AnalyzePipeline
{
    /// <summary>The outcome of one collect + analyze pass.</summary>
    internal sealed record Outcome(CollectResult Collected, Analysis Analysis, TimeSpan CollectTime, TimeSpan AnalyzeTime);

    public static async Task<Outcome> RunAsync(ISymptomStore store, string? rulesOption, string runDirectory, string? run, CliEnvironment env, CancellationToken cancellationToken)
    {
        var rules = RulesLocation.Load(rulesOption, env);
        var watch = Stopwatch.StartNew();
        var collector = new RunCollector(store, rules, env.Time);
        var collected = await collector.CollectAsync(runDirectory, new CollectOptions { Run = run }, null, cancellationToken).ConfigureAwait(false);
        var collectTime = watch.Elapsed;
        watch.Restart();
        var analyzer = new Analyzer(store, env.Time);
        var analysis = await analyzer.AnalyzeAsync(collected.Run, runDirectory, cancellationToken).ConfigureAwait(false);
        return new Outcome(collected, analysis, collectTime, watch.Elapsed);
    }
}
