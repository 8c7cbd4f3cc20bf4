using System.CommandLine;
using System.Globalization;
using Triage.Cli.Output;
using Triage.Storage;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage templates list [--run RUN]</c>: the templates of warning and error lines no rule knows,
/// as kept in the store (<c>log.unknown</c> symptoms: signature = template id, attr <c>template</c>),
/// with how many lines, hosts and runs carry each, most frequent first. The id is a hash of the
/// template text, so one message has the same id in every run.
/// </summary>
internal static class TemplatesListCommand
{
    private const int DefaultLimit = 50;

    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var run = new Option<string?>("--run") { Description = "Only this run" };
        var limit = new Option<int>("--limit") { Description = "Most templates to print", DefaultValueFactory = _ => DefaultLimit };
        var command = new Command("list", "List the templates of unknown warning and error lines kept in the store (log.unknown)") { run, limit };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var filter = new SymptomFilter { Run = parse.GetValue(run), Kinds = ["log.unknown"] };
            var byTemplate = await store.AggregateAsync(filter, SymptomField.ParseList("signature,attrs.template"), 100_000, token).ConfigureAwait(false);
            var spread = await store.AggregateAsync(filter, SymptomField.ParseList("signature,host,run"), 100_000, token).ConfigureAwait(false);
            if (byTemplate.Rows.Count == 0)
            {
                await env.Out.WriteLineAsync("no unknown-line templates in the store").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var hosts = spread.Rows.GroupBy(r => r.Keys[0] ?? string.Empty, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (Hosts: g.Select(r => r.Keys[1]).OfType<string>().Distinct(StringComparer.Ordinal).Count(),
                    Runs: g.Select(r => r.Keys[2]).OfType<string>().Distinct(StringComparer.Ordinal).Count()), StringComparer.Ordinal);
            var table = new TextTable("ID", "LINES", "HOSTS", "RUNS", "FIRST SEEN", "TEMPLATE");
            var rows = byTemplate.Rows.OrderByDescending(r => r.Count).ThenBy(r => r.Keys[0], StringComparer.Ordinal).ToList();
            foreach (var row in rows.Take(Math.Max(1, parse.GetValue(limit))))
            {
                var id = row.Keys[0] ?? "-";
                var (h, r) = hosts.GetValueOrDefault(id);
                table.Add(id, N(row.Count), N(h), N(r), row.FirstSeen?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-", row.Keys[1] ?? "-");
            }

            await table.WriteAsync(env.Out).ConfigureAwait(false);
            if (rows.Count > parse.GetValue(limit))
            {
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"... {rows.Count - parse.GetValue(limit)} more; use --limit")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
