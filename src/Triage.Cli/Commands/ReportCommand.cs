using System.CommandLine;
using Triage.Collectors.Metrics;
using Triage.Reports;
using Triage.Reports.Building;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage report RUN</c>: a post-mortem from the store's ledger. RUN is a run directory (collected
/// and analysed first, so the report covers everything in it, with its run facts and training curves)
/// or a run name in the store. Markdown and JSON go to stdout unless <c>--out</c>; HTML to a file.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var runArgument = new Argument<string>("RUN") { Description = "Run directory (collected and analysed first) or a run name in the store" };
        var runName = new Option<string?>("--run") { Description = "Run name for a run directory (default: the directory's name)" };
        var format = new Option<string>("--format") { Description = "md, html or json", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html", "json");
        var output = new Option<string?>("--out") { Description = "File to write (Markdown: plots as SVG files beside it; default for html: RUN.report.html)" };
        var command = new Command("report", "Write a post-mortem of a run: summary, impact, timeline, belief vs. evidence, other hypotheses, action items, raw lines, plots") { runArgument, runName, format, output };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var kind = parse.GetValue(format) switch
            {
                "html" => ReportFormatKind.Html,
                "json" => ReportFormatKind.Json,
                _ => ReportFormatKind.Markdown,
            };
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var argument = parse.GetValue(runArgument)!;
            var directory = env.Resolve(argument);
            string run;
            var sources = ReportSources.None;
            if (Directory.Exists(directory))
            {
                var outcome = await AnalyzePipeline.RunAsync(store, parse.GetValue(global.Rules), directory, parse.GetValue(runName), env, token).ConfigureAwait(false);
                var (curve, problems) = TrainingCurveReader.Read(directory, token);
                run = outcome.Analysis.Run;
                sources = new ReportSources(outcome.Inputs, curve, problems) { RunDirectory = directory };
            }
            else
            {
                run = parse.GetValue(runName) ?? argument;
            }

            var report = await new PostMortemBuilder(store, env.Time).BuildAsync(run, sources, token).ConfigureAwait(false);
            var path = parse.GetValue(output) is { } given ? env.Resolve(given)
                : kind == ReportFormatKind.Html ? env.Resolve(FileName(run) + ".report.html")
                : null;
            var written = await ReportWriter.WriteAsync(report, kind, path, env.Out, token).ConfigureAwait(false);
            foreach (var file in written)
            {
                await env.Out.WriteLineAsync("wrote " + file).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static string FileName(string run)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var name = new string(run.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim('.');
        return name.Length == 0 ? "run" : name;
    }
}
