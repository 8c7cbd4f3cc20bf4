using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Triage.Cli.Output;
using Triage.Collectors.Extraction;
using Triage.Symptoms;

namespace Triage.Cli.Commands;

/// <summary><c>triage extract FILE... [--json]</c>: the symptoms in the given files, without a store.</summary>
internal static class ExtractCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var files = new Argument<string[]>("FILE") { Description = "Log files (plain or .gz) or metrics files (JSONL, CSV, TensorBoard events)", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per symptom per line (docs/architecture.md §3), source.line 1-based" };
        var command = new Command("extract", "Print the symptoms found in log files (how rules are tried)") { files, json };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var rules = RulesLocation.Load(parse.GetValue(global.Rules), env);
            var asJson = parse.GetValue(json);
            var failed = 0;
            var table = new TextTable("LINE", "KIND", "SEVERITY", "HOST", "RANK", "SIGNATURE");
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var outcome = await FileExtraction.ExtractAsync(env.Resolve(file), file, rules, async (symptoms, t) =>
                    {
                        foreach (var symptom in symptoms)
                        {
                            if (asJson)
                            {
                                await env.Out.WriteLineAsync(ToJson(symptom)).ConfigureAwait(false);
                            }
                            else
                            {
                                table.Add(
                                    string.Create(CultureInfo.InvariantCulture, $"{symptom.Source.Path}:{symptom.Source.Line}"),
                                    symptom.Kind, Names.Of(symptom.Severity), symptom.Host, symptom.Rank?.ToString(CultureInfo.InvariantCulture), symptom.Signature);
                            }
                        }
                    }, cancellationToken: token).ConfigureAwait(false);
                    if (outcome.StreamError is { } problem)
                    {
                        await env.Error.WriteLineAsync($"triage: {file}: {problem}").ConfigureAwait(false);
                    }
                }
                catch (TriageException ex)
                {
                    await env.Error.WriteLineAsync($"triage: {ex.Message}").ConfigureAwait(false);
                    failed++;
                }
            }

            if (!asJson)
            {
                await table.WriteAsync(env.Out).ConfigureAwait(false);
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table.Count} symptoms")).ConfigureAwait(false);
            }

            return failed > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
        }, ct));
        return command;
    }

    internal static string ToJson(Symptom symptom)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, SymptomJson.WriterOptions))
        {
            SymptomJson.Write(writer, symptom);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
