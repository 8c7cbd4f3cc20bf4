using System.CommandLine;
using System.Globalization;
using Triage.Cli.Output;

namespace Triage.Cli.Commands;

/// <summary><c>triage status</c>: runs in the store and the collector failures recorded for them.</summary>
internal static class StatusCommand
{
    private const int FailuresShown = 20;

    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var run = new Option<string?>("--run") { Description = "Only this run (and all of its failures)" };
        var command = new Command("status", "Show the runs in the store and recorded collector failures") { run };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var only = parse.GetValue(run);
            var runs = (await store.GetRunsAsync(token).ConfigureAwait(false)).Where(r => only is null || r.Run == only).ToArray();
            await env.Out.WriteLineAsync($"store: {StoreLocation.Describe(parse.GetValue(global.Store), env)}").ConfigureAwait(false);
            if (runs.Length == 0)
            {
                await env.Out.WriteLineAsync(only is null ? "no runs yet: triage collect RUN_DIR" : $"no run named '{only}'").ConfigureAwait(false);
                return only is null ? ExitCodes.Success : ExitCodes.Failure;
            }

            var table = new TextTable("RUN", "SYMPTOMS", "SOURCES", "PROBLEMS", "FIRST SEEN", "LAST SEEN");
            foreach (var r in runs)
            {
                table.Add(r.Run, N(r.Symptoms), N(r.Sources), N(r.Failures), Time(r.FirstSeen), Time(r.LastSeen));
            }

            await table.WriteAsync(env.Out).ConfigureAwait(false);
            var failures = await store.GetFailuresAsync(only, token).ConfigureAwait(false);
            if (failures.Count > 0)
            {
                await env.Out.WriteLineAsync().ConfigureAwait(false);
                var shown = only is null ? failures.Take(FailuresShown).ToArray() : [.. failures];
                var problems = new TextTable("RUN", "KIND", "PATH", "REASON");
                foreach (var f in shown)
                {
                    problems.Add(f.Run, Triage.Symptoms.Names.Of(f.Kind), f.Path, f.Reason);
                }

                await problems.WriteAsync(env.Out).ConfigureAwait(false);
                if (shown.Length < failures.Count)
                {
                    await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"... {failures.Count - shown.Length} more; use --run NAME to see all")).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
