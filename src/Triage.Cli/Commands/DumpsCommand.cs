using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Triage.Cli.Output;
using Triage.Collectors.Dumps;
using Triage.Symptoms;
using Triage.Text;

namespace Triage.Cli.Commands;

/// <summary><c>triage dumps RUN_DIR [--json]</c>: the crash dumps in a run directory grouped by crash signature.</summary>
internal static class DumpsCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var dir = new Argument<string>("RUN_DIR") { Description = "Run directory; dumps are found by content (ELF core, MDMP)" };
        var json = new Option<bool>("--json") { Description = "Print the groups as a triage.dumps/v1 JSON object" };
        var symbols = new Option<string[]>("--symbols") { Description = "Directories to look for module files in (after the paths the dumps name)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("dumps", "Group the crash dumps of a run by crash signature: counts, signals, hosts, ranks, first and last time") { dir, json, symbols };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var options = DumpCommand.DumpOptionsFor(parse.GetValue(global.Rules), parse.GetValue(symbols), env);
            var (groups, problems, snapshots) = DumpSurvey.Run(env.Resolve(parse.GetValue(dir)!), options, token);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(ToJson(groups, problems, snapshots)).ConfigureAwait(false);
            }
            else
            {
                var table = new TextTable("DUMPS", "SIGNAL", "SIGNATURE", "FRAME", "HOSTS", "RANKS", "FIRST", "LAST");
                foreach (var g in groups)
                {
                    table.Add(N(g.Paths.Count), string.Join(',', g.Signals), Clean(g.Signature), Clean(g.Frame), List(g.Hosts), List(g.Ranks.Select(N).ToList()), Time(g.First), Time(g.Last));
                }

                await table.WriteAsync(env.Out).ConfigureAwait(false);
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{groups.Sum(g => g.Paths.Count)} crash dumps in {groups.Count} groups; {snapshots} snapshots without a fatal signal; {problems.Count} unreadable")).ConfigureAwait(false);
                foreach (var (path, reason) in problems)
                {
                    await env.Out.WriteLineAsync($"unreadable: {Clean(path)}: {Clean(reason)}").ConfigureAwait(false);
                }
            }

            return problems.Count > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
        }, ct));
        return command;
    }

    private static string ToJson(IReadOnlyList<CrashGroup> groups, IReadOnlyList<(string Path, string Reason)> problems, int snapshots)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, SymptomJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("schema", "triage.dumps/v1");
            w.WriteStartArray("groups");
            foreach (var g in groups)
            {
                w.WriteStartObject();
                w.WriteString("signature", g.Signature);
                w.WriteString("frame", g.Frame);
                w.WriteNumber("dumps", g.Paths.Count);
                Strings(w, "signals", g.Signals);
                Strings(w, "hosts", g.Hosts);
                w.WriteStartArray("ranks");
                foreach (var r in g.Ranks)
                {
                    w.WriteNumberValue(r);
                }

                w.WriteEndArray();
                w.WriteString("first", g.First);
                w.WriteString("last", g.Last);
                Strings(w, "paths", g.Paths);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("snapshots", snapshots);
            w.WriteStartArray("unreadable");
            foreach (var (path, reason) in problems)
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteString("reason", reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "-",
        <= 4 => string.Join(',', items),
        _ => string.Create(CultureInfo.InvariantCulture, $"{string.Join(',', items.Take(3))},+{items.Count - 3}"),
    };

    private static string Clean(string? s) => TerminalText.Sanitize(s ?? "-", 120);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
