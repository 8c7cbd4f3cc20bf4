using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Triage.Cli.Output;
using Triage.Collectors.Mining.Evaluation;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage templates eval DIR [--json]</c>: scores the template miner on Loghub-layout folders
/// (GA, FGA, PA, FTA per system and their average, as Loghub-2.0 computes them).
/// <c>triage templates list</c>: the templates of unknown messages kept in the store.
/// </summary>
internal static class TemplatesCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var command = new Command("templates", "Templates mined from warning and error lines no rule knows (log.unknown)");
        command.Subcommands.Add(CreateEval(env));
        command.Subcommands.Add(TemplatesListCommand.Create(global, env));
        return command;
    }

    private static Command CreateEval(CliEnvironment env)
    {
        var dir = new Argument<string>("DIR") { Description = "Folder with one sub-folder per system holding X_2k.log and X_2k.log_structured_corrected.csv (Loghub layout)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (schema triage.templates-eval/v1) instead of the table" };
        var command = new Command("eval", "Score the template miner against Loghub ground truth: GA, FGA, PA, FTA per system and on average") { dir, json };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var root = env.Resolve(parse.GetValue(dir)!);
            var systems = LoghubEvaluator.FindSystems(root);
            if (systems.Count == 0)
            {
                throw new TriageException($"no Loghub systems under '{root}': expected DIR/X/X_2k.log and DIR/X/X_2k.log_structured_corrected.csv", ExitCodes.Usage);
            }

            var scores = new List<SystemScore>();
            foreach (var system in systems)
            {
                token.ThrowIfCancellationRequested();
                try
                {
                    scores.Add(LoghubEvaluator.Evaluate(root, system));
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    throw new TriageException($"{system}: {ex.Message}", ExitCodes.Failure);
                }
            }

            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(ToJson(scores)).ConfigureAwait(false);
            }
            else
            {
                await WriteTableAsync(scores, env.Out).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    internal static async Task WriteTableAsync(IReadOnlyList<SystemScore> scores, TextWriter output)
    {
        var table = new TextTable("SYSTEM", "LINES", "GA", "FGA", "PA", "FTA", "TEMPLATES", "TRUE");
        foreach (var s in scores)
        {
            table.Add(s.System, N(s.Messages), F(s.Scores.GroupingAccuracy), F(s.Scores.GroupingF1), F(s.Scores.ParsingAccuracy),
                F(s.Scores.TemplateF1), N(s.Scores.ParsedTemplates), N(s.Scores.TrueTemplates));
        }

        table.Add("average", N(scores.Sum(s => s.Messages)), F(scores.Average(s => s.Scores.GroupingAccuracy)), F(scores.Average(s => s.Scores.GroupingF1)),
            F(scores.Average(s => s.Scores.ParsingAccuracy)), F(scores.Average(s => s.Scores.TemplateF1)), "-", "-");
        await table.WriteAsync(output).ConfigureAwait(false);
    }

    internal static string ToJson(IReadOnlyList<SystemScore> scores)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", "triage.templates-eval/v1");
            w.WriteStartArray("systems");
            foreach (var s in scores)
            {
                w.WriteStartObject();
                w.WriteString("system", s.System);
                w.WriteNumber("lines", s.Messages);
                WriteScores(w, s.Scores.GroupingAccuracy, s.Scores.GroupingF1, s.Scores.ParsingAccuracy, s.Scores.TemplateF1);
                w.WriteNumber("pta", Math.Round(s.Scores.TemplatePrecision, 4));
                w.WriteNumber("rta", Math.Round(s.Scores.TemplateRecall, 4));
                w.WriteNumber("templates", s.Scores.ParsedTemplates);
                w.WriteNumber("trueTemplates", s.Scores.TrueTemplates);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("average");
            WriteScores(w, scores.Average(s => s.Scores.GroupingAccuracy), scores.Average(s => s.Scores.GroupingF1),
                scores.Average(s => s.Scores.ParsingAccuracy), scores.Average(s => s.Scores.TemplateF1));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteScores(Utf8JsonWriter w, double ga, double fga, double pa, double fta)
    {
        w.WriteNumber("ga", Math.Round(ga, 4));
        w.WriteNumber("fga", Math.Round(fga, 4));
        w.WriteNumber("pa", Math.Round(pa, 4));
        w.WriteNumber("fta", Math.Round(fta, 4));
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
}
