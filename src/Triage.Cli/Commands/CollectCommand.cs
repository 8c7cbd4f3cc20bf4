using System.CommandLine;
using System.Globalization;
using Triage.Cli.Output;
using Triage.Collectors.Collection;

namespace Triage.Cli.Commands;

/// <summary><c>triage collect RUN_DIR</c>: extract symptoms from a run directory into the store, resumably.</summary>
internal static class CollectCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var dir = new Argument<string>("RUN_DIR") { Description = "Directory of logs copied off the cluster (files are recognised by content)" };
        var run = new Option<string?>("--run") { Description = "Run name (default: the directory's name)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep collecting new and growing files until Ctrl+C" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files extracted at once (default: the number of cores; 1 = one by one)" };
        var command = new Command("collect", "Collect a run directory into the store (resumable: only new data is read)") { dir, run, follow, jobs };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            if (parse.GetValue(jobs) is < 0 or > 256)
            {
                throw new TriageException("--jobs must be between 1 and 256 (0 or absent: the number of cores)", ExitCodes.Usage);
            }

            var rules = RulesLocation.Load(parse.GetValue(global.Rules), env);
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var collector = new RunCollector(store, rules, env.Time);
            var options = new CollectOptions { Run = parse.GetValue(run), Follow = parse.GetValue(follow), MaxParallelism = parse.GetValue(jobs), Dumps = DumpCommand.DumpOptionsFor(parse.GetValue(global.Rules), null, env) };
            var progress = env.ErrorIsTerminal ? new TerminalProgress(env) : null;
            var result = await collector.CollectAsync(env.Resolve(parse.GetValue(dir)!), options, progress, token).ConfigureAwait(false);
            progress?.Clear();
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"run '{result.Run}': {result.Files} files, {Bytes(result.BytesRead)}, {result.LinesRead} lines read; {result.SymptomsFound} symptoms ({result.SymptomsNew} new); {result.Failures} failed, {result.Skipped} skipped{(result.Failures + result.Skipped > 0 ? " (see 'triage status')" : string.Empty)}")).ConfigureAwait(false);
            // Ctrl+C is how --follow ends: the summary still prints (the store is intact).
            var summaryToken = options.Follow ? CancellationToken.None : token;
            await SymptomsCommand.WriteByKindAsync(store, result.Run, env, summaryToken).ConfigureAwait(false);
            return result.Failures > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
        }, ct));
        return command;
    }

    internal static string Bytes(long n) => n switch
    {
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{n} B"),
        < 10_000_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1e3:0.#} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:0.#} MB"),
    };
}
