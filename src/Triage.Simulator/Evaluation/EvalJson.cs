using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Triage.Symptoms;

namespace Triage.Simulator.Evaluation;

/// <summary>
/// Writes an evaluation as one JSON document, schema <c>triage.eval/v1</c>, snake_case names:
/// <c>{ "schema", "runs": [ per-run scores ], "summary": { ... } }</c>. Ratios are rounded to 4
/// decimals, seconds to 3; an undefined ratio (n/a) is <c>null</c>. Fields may be added, never
/// renamed or removed. Thread-safe (stateless).
/// </summary>
public static class EvalJson
{
    /// <summary>The schema name written in the document.</summary>
    public const string SchemaName = "triage.eval/v1";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>The document for <paramref name="runs"/> and their <paramref name="summary"/>.</summary>
    public static string Write(IReadOnlyList<RunScore> runs, EvalSummary summary)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(summary);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("schema", SchemaName);
            w.WriteStartArray("runs");
            foreach (var run in runs)
            {
                WriteRun(w, run);
            }

            w.WriteEndArray();
            WriteSummary(w, summary);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteRun(Utf8JsonWriter w, RunScore run)
    {
        w.WriteStartObject();
        w.WriteString("run", run.Run);
        w.WriteStartArray("scenarios");
        foreach (var scenario in run.Scenarios)
        {
            w.WriteStringValue(scenario);
        }

        w.WriteEndArray();
        w.WriteNumber("symptoms", run.Symptoms);
        w.WriteNumber("hypotheses", run.Hypotheses);
        Bool(w, "top1", run.Top1);
        Bool(w, "top3", run.Top3);
        Bool(w, "all_in_top_k", run.AllInTopK);
        w.WriteStartArray("causes");
        foreach (var cause in run.Causes)
        {
            WriteCause(w, cause);
        }

        w.WriteEndArray();
        w.WriteStartArray("false_hypotheses");
        foreach (var wrong in run.FalseHypotheses)
        {
            w.WriteStartObject();
            w.WriteString("id", wrong.Id);
            w.WriteNumber("rank", wrong.Rank);
            w.WriteString("title", wrong.Title);
            w.WriteNumber("score", Math.Round(wrong.Score, 4));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("unexplained");
        w.WriteNumber("symptoms", run.Unexplained.Symptoms);
        w.WriteNumber("of_causes", run.Unexplained.OfCauses);
        w.WriteNumber("noise", run.Unexplained.Noise);
        w.WriteNumber("unlabelled", run.Unexplained.Unlabelled);
        w.WriteEndObject();
        w.WriteNumber("unlabelled", run.Unlabelled);
        w.WriteNumber("noise", run.Noise);
        w.WriteNumber("noise_claimed", run.NoiseClaimed);
        w.WriteStartObject("time");
        Seconds(w, "collect_seconds", run.Timings.Collect);
        Seconds(w, "analyze_seconds", run.Timings.Analyze);
        Seconds(w, "to_hypotheses_seconds", run.Timings.ToHypotheses);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCause(Utf8JsonWriter w, CauseScore cause)
    {
        w.WriteStartObject();
        w.WriteString("id", cause.Id);
        w.WriteString("scenario", cause.Scenario);
        w.WriteString("category", Names.Of(cause.Category));
        if (cause.BestRank is { } rank)
        {
            w.WriteNumber("best_rank", rank);
        }
        else
        {
            w.WriteNull("best_rank");
        }

        w.WriteString("hypothesis", cause.Hypothesis);
        w.WriteNumber("truth_listed", cause.TruthListed);
        w.WriteNumber("listed_root", cause.ListedRoot);
        w.WriteNumber("listed_collateral", cause.ListedCollateral);
        w.WriteNumber("not_extracted", cause.NotExtracted);
        w.WriteNumber("found_root", cause.FoundRoot);
        w.WriteNumber("found_collateral", cause.FoundCollateral);
        w.WriteNumber("truth_symptoms", cause.Truth);
        w.WriteNumber("truth_root", cause.TruthRoot);
        w.WriteNumber("truth_collateral", cause.TruthCollateral);
        w.WriteNumber("claimed", cause.Claimed);
        w.WriteNumber("correct", cause.Correct);
        Ratio(w, "precision", cause.Precision);
        Ratio(w, "recall", cause.Recall);
        Ratio(w, "recall_root", cause.RootRecall);
        Ratio(w, "recall_collateral", cause.CollateralRecall);
        w.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter w, EvalSummary s)
    {
        w.WriteStartObject("summary");
        w.WriteNumber("runs", s.Runs);
        w.WriteNumber("runs_without_hypotheses", s.RunsWithoutHypotheses);
        w.WriteNumber("runs_with_causes", s.RunsWithCauses);
        w.WriteNumber("top1", s.Top1);
        Ratio(w, "top1_rate", s.Top1Rate);
        w.WriteNumber("top3", s.Top3);
        Ratio(w, "top3_rate", s.Top3Rate);
        w.WriteNumber("all_in_top_k", s.AllInTopK);
        Ratio(w, "all_in_top_k_rate", s.AllInTopKRate);
        w.WriteNumber("causes", s.Causes);
        w.WriteNumber("false_hypotheses", s.FalseHypotheses);
        w.WriteNumber("runs_with_false_hypotheses", s.RunsWithFalseHypotheses);
        Ratio(w, "mean_precision", s.MeanPrecision);
        Ratio(w, "min_precision", s.MinPrecision);
        Ratio(w, "mean_recall", s.MeanRecall);
        Ratio(w, "min_recall", s.MinRecall);
        Seconds(w, "mean_time_to_hypotheses_seconds", s.MeanTimeToHypotheses);
        Seconds(w, "max_time_to_hypotheses_seconds", s.MaxTimeToHypotheses);
        Seconds(w, "mean_analyze_seconds", s.MeanAnalyzeTime);
        w.WriteEndObject();
    }

    private static void Bool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } b)
        {
            w.WriteBoolean(name, b);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Ratio(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Seconds(Utf8JsonWriter w, string name, TimeSpan time) => w.WriteNumber(name, Math.Round(time.TotalSeconds, 3));
}
