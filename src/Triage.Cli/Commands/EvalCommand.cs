using System.CommandLine;
using System.Globalization;
using Triage.Cli.Output;
using Triage.Simulator.Evaluation;
using Triage.Simulator.Truth;
using Triage.Storage;
using Triage.Storage.Embedded;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage eval RUN_DIR...</c>: analyzes runs whose ground truth sits beside them
/// (<c>RUN_DIR.truth.json</c>) and scores the hypotheses against it: a table (or <c>--json</c>)
/// with one row per run and a summary. Each run gets a fresh temporary store unless
/// <c>--store</c> is given, so runs never mix. Exit 0 whenever the evaluation ran, whatever the scores.
/// </summary>
internal static class EvalCommand
{
    internal const string NoHypotheses = "no hypotheses (the engine produced none)";

    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var dirs = new Argument<string[]>("RUN_DIR")
        {
            Description = "Run directories, each with its ground truth beside it (RUN_DIR.truth.json)",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (schema triage.eval/v1) instead of the table" };
        var keepStore = new Option<bool>("--keep-store") { Description = "Keep each run's temporary store and print where it is (ignored with --store)" };
        var command = new Command("eval", "Analyze runs with known ground truth and score the hypotheses (top-1/top-3, attribution precision and recall)")
        {
            dirs, json, keepStore,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var runs = parse.GetValue(dirs)!.Select(d => Path.TrimEndingDirectorySeparator(env.Resolve(d))).ToArray();
            foreach (var run in runs)
            {
                if (!Directory.Exists(run))
                {
                    throw new TriageException($"run directory '{run}' does not exist or is not a directory", ExitCodes.Failure);
                }

                if (!File.Exists(TruthPath(run)))
                {
                    throw new TriageException($"no ground truth for '{run}': expected '{TruthPath(run)}' beside the run directory", ExitCodes.Usage);
                }
            }

            var scores = new List<RunScore>();
            foreach (var run in runs)
            {
                var truth = await TruthReader.ReadAsync(TruthPath(run), token).ConfigureAwait(false);
                scores.Add(await EvaluateAsync(run, truth, parse.GetValue(global.Store), parse.GetValue(global.Rules), parse.GetValue(keepStore), env, token).ConfigureAwait(false));
            }

            var summary = EvalSummary.From(scores);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(EvalJson.Write(scores, summary)).ConfigureAwait(false);
            }
            else
            {
                await WriteTableAsync(scores, summary, env.Out).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    internal static string TruthPath(string runDirectory) => runDirectory + ".truth.json";

    private static async Task<RunScore> EvaluateAsync(
        string runDirectory, GroundTruth truth, string? storeOption, string? rulesOption, bool keepStore, CliEnvironment env, CancellationToken token)
    {
        // A fresh store per run, so one run's symptoms never leak into another's score.
        var tempDirectory = storeOption is null ? Path.Combine(Path.GetTempPath(), "triage-eval-" + Guid.NewGuid().ToString("N")) : null;
        try
        {
            var store = tempDirectory is null
                ? await StoreLocation.OpenAsync(storeOption, env, token).ConfigureAwait(false)
                : await SqliteSymptomStore.OpenAsync(Path.Combine(tempDirectory, "triage.db"), env.Time, token).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var outcome = await AnalyzePipeline.RunAsync(store, rulesOption, runDirectory, null, env, token).ConfigureAwait(false);
                var symptoms = StoredSymptoms.ReadAsync(store, outcome.Collected.Run, SymptomPageRequest.MaxSize, token);
                return await EvalScorer.ScoreAsync(truth, outcome.Analysis, symptoms, new EvalTimings(outcome.CollectTime, outcome.AnalyzeTime), token).ConfigureAwait(false);
            }
        }
        finally
        {
            if (tempDirectory is not null)
            {
                await ReleaseAsync(tempDirectory, keepStore, runDirectory, env).ConfigureAwait(false);
            }
        }
    }

    private static async Task ReleaseAsync(string tempDirectory, bool keep, string runDirectory, CliEnvironment env)
    {
        if (keep)
        {
            await env.Error.WriteLineAsync($"triage: store of '{Path.GetFileName(runDirectory)}' kept at sqlite:{Path.Combine(tempDirectory, "triage.db")}").ConfigureAwait(false);
            return;
        }

        try
        {
            Directory.Delete(tempDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await env.Error.WriteLineAsync($"triage: could not delete the temporary store '{tempDirectory}': {ex.Message}").ConfigureAwait(false);
        }
    }

    internal static async Task WriteTableAsync(IReadOnlyList<RunScore> scores, EvalSummary summary, TextWriter output)
    {
        var table = new TextTable("RUN", "SCENARIOS", "CAUSES", "TOP-1", "RANKS", "PRECISION", "RECALL", "FALSE", "UNEXPLAINED", "UNLABELLED", "TIME", "NOTE");
        foreach (var s in scores)
        {
            var none = s.Hypotheses == 0;
            table.Add(
                s.Run,
                string.Join(",", s.Scenarios),
                Number(s.Causes.Count),
                none || s.Top1 is null ? "-" : s.Top1.Value ? "✓" : "✗",
                none ? "-" : PerCause(s, c => c.BestRank is { } r ? Number(r) : "-"),
                none ? "-" : PerCause(s, c => Ratio(c.Precision)),
                none ? "-" : PerCause(s, c => Ratio(c.Recall)),
                Number(s.FalseHypotheses.Count),
                string.Create(CultureInfo.InvariantCulture, $"{s.Unexplained.Symptoms} ({s.Unexplained.OfCauses} of causes, {s.Unexplained.Noise} noise)"),
                Number(s.Unlabelled),
                Seconds(s.Timings.ToHypotheses),
                none ? NoHypotheses : string.Empty);
        }

        await table.WriteAsync(output).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        var runs = summary.RunsWithCauses;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{Plural(summary.Runs, "run")}: top-1 {summary.Top1}/{runs} ({Percent(summary.Top1Rate)}), top-3 {summary.Top3}/{runs} ({Percent(summary.Top3Rate)}), all causes in the top k {summary.AllInTopK}/{runs} ({Percent(summary.AllInTopKRate)})")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"attribution over {Plural(summary.Causes, "cause")}: precision mean {Ratio(summary.MeanPrecision)}, min {Ratio(summary.MinPrecision)}; recall mean {Ratio(summary.MeanRecall)}, min {Ratio(summary.MinRecall)} (lines never extracted count as missed)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"false hypotheses (score ≥ {FalseHypothesis.MinScore:0.0}, naming no true cause): {summary.FalseHypotheses} in {summary.RunsWithFalseHypotheses} of {Plural(summary.Runs, "run")}")).ConfigureAwait(false);
        await output.WriteLineAsync(
            $"time to hypotheses: mean {Seconds(summary.MeanTimeToHypotheses)}, max {Seconds(summary.MaxTimeToHypotheses)} (analyze alone: mean {Seconds(summary.MeanAnalyzeTime)})").ConfigureAwait(false);
        if (summary.RunsWithoutHypotheses > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{summary.RunsWithoutHypotheses} of {summary.Runs} runs had {NoHypotheses}; they count as misses above")).ConfigureAwait(false);
        }
    }

    private static string PerCause(RunScore score, Func<CauseScore, string> cell) =>
        score.Causes.Count == 0 ? "-" : string.Join(", ", score.Causes.Select(cell));

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Plural(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");
}
