using System.CommandLine;
using Triage.Storage;
using Triage.Tui;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage tui [RUN]</c>: the terminal UI. RUN is a run directory (analysed first when the store
/// has no hypotheses for it; <c>r</c> re-analyses it) or a run name in the store; without it, the
/// run seen most recently. Votes and decisions are recorded as <c>--user</c>, else
/// <c>TRIAGE_USER</c>, else <c>USER</c>. Logs go to a file, never to the terminal.
/// </summary>
internal static class TuiCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var runArgument = new Argument<string?>("RUN") { Description = "Run directory or run name (default: the run seen most recently)", Arity = ArgumentArity.ZeroOrOne };
        var user = new Option<string?>("--user") { Description = "Your name for votes and decisions (default: $TRIAGE_USER, else $USER)" };
        var blind = new Option<bool>("--blind") { Description = "Hide each hypothesis's tallies and voters until you have voted on it" };
        var log = new Option<string?>("--log") { Description = "Log file (default: tui.log beside the store)" };
        var command = new Command("tui", "Terminal UI: rank, inspect, vote on and decide hypotheses; refreshes while other processes write") { runArgument, user, blind, log };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            StartupTrace.Mark("command");
            var name = parse.GetValue(user) ?? env.GetVariable("TRIAGE_USER") ?? env.GetVariable("USER");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new TriageException("who is voting? pass --user NAME or set TRIAGE_USER", ExitCodes.Usage);
            }

            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            StartupTrace.Mark("store-open");
            var (run, runDirectory) = await ResolveRunAsync(store, parse.GetValue(runArgument), env, token).ConfigureAwait(false);
            Func<CancellationToken, Task>? reanalyze = runDirectory is null
                ? null
                : async t => await AnalyzePipeline.RunAsync(store, parse.GetValue(global.Rules), runDirectory, run, env, t).ConfigureAwait(false);
            if (reanalyze is not null && !await HasHypothesesAsync(store, run, token).ConfigureAwait(false))
            {
                await reanalyze(token).ConfigureAwait(false);
            }

            StartupTrace.Mark("run-resolved");
            var storePath = StoreLocation.Describe(parse.GetValue(global.Store), env);
            var logPath = env.Resolve(parse.GetValue(log) ?? Path.Combine(Path.GetDirectoryName(env.Resolve(StripScheme(storePath))) ?? ".", "tui.log"));
            using var logger = new FileLogger(logPath, env.Time);
            StartupTrace.Mark("logger");
            var session = new TuiSession(store, run, name.Trim())
            {
                RunDirectory = runDirectory,
                Reanalyze = reanalyze,
                Time = env.Time,
                Blind = parse.GetValue(blind),
                Logger = logger,
            };
            TriageTui.Run(session, token);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static async Task<(string Run, string? Directory)> ResolveRunAsync(ISymptomStore store, string? argument, CliEnvironment env, CancellationToken token)
    {
        if (argument is not null && Directory.Exists(env.Resolve(argument)))
        {
            var directory = env.Resolve(argument);
            return (new DirectoryInfo(directory).Name, directory);
        }

        // A named run: one indexed row answers (listing the runs counts every symptom of the store).
        // Hypotheses first: the first frame reads them anyway, symptoms not at all.
        if (argument is not null
            && (await HasHypothesesAsync(store, argument, token).ConfigureAwait(false)
                || (await store.QueryAsync(new SymptomFilter { Run = argument }, new SymptomPageRequest { Size = 1 }, token).ConfigureAwait(false)).Items.Count > 0))
        {
            return (argument, null);
        }

        var runs = await store.GetRunsAsync(token).ConfigureAwait(false);
        if (argument is not null)
        {
            return runs.Any(r => r.Run == argument)
                ? (argument, null)
                : throw new TriageException($"'{argument}' is neither a run directory nor a run in the store (runs: {(runs.Count == 0 ? "none" : string.Join(", ", runs.Select(r => r.Run)))})", ExitCodes.Usage);
        }

        return runs.OrderByDescending(r => r.LastSeen).FirstOrDefault() is { } latest
            ? (latest.Run, null)
            : throw new TriageException("the store has no runs yet: triage tui RUN_DIR (or triage analyze RUN_DIR first)", ExitCodes.Usage);
    }

    private static async Task<bool> HasHypothesesAsync(ISymptomStore store, string run, CancellationToken token) =>
        store is IHypothesisPages pages
            ? (await pages.GetHypothesesPageAsync(run, 0, 1, token).ConfigureAwait(false)).Total > 0
            : (await store.GetHypothesesAsync(run, token).ConfigureAwait(false)).Count > 0;

    private static string StripScheme(string spec) => spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? spec["sqlite:".Length..] : spec;
}
