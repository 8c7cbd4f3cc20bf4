using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Triage.Cli.Output;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Cli.Commands;

/// <summary><c>triage symptoms</c>: list stored symptoms, or count them grouped by fields.</summary>
internal static class SymptomsCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var run = new Option<string?>("--run") { Description = "Only this run" };
        var kind = new Option<string[]>("--kind") { Description = "Only these kinds (repeat or comma-separate)", AllowMultipleArgumentsPerToken = true };
        var host = new Option<string[]>("--host") { Description = "Only these hosts", AllowMultipleArgumentsPerToken = true };
        var category = new Option<string[]>("--category") { Description = "Only these categories", AllowMultipleArgumentsPerToken = true };
        var text = new Option<string?>("--text") { Description = "Only messages containing this text (case-insensitive)" };
        var groupBy = new Option<string?>("--group-by") { Description = "Count by fields, e.g. kind,host or attrs.xid (fields: " + string.Join(", ", SymptomField.Fixed) + ", attrs.NAME)" };
        var limit = new Option<int>("--limit") { Description = "Most rows to print (1..10000)", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "JSON output: symptoms as JSON lines, groups as one JSON document" };
        var command = new Command("symptoms", "List stored symptoms or count them grouped by fields") { run, kind, host, category, text, groupBy, limit, json };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var max = parse.GetValue(limit);
            if (max is < 1 or > SymptomPageRequest.MaxSize)
            {
                throw new TriageException($"--limit must be between 1 and {SymptomPageRequest.MaxSize}", ExitCodes.Usage);
            }

            var filter = new SymptomFilter
            {
                Run = parse.GetValue(run),
                Kinds = Split(parse.GetValue(kind)),
                Hosts = Split(parse.GetValue(host)),
                Categories = Split(parse.GetValue(category)).Select(ParseCategory).ToArray(),
                Text = parse.GetValue(text),
            };
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var fields = parse.GetValue(groupBy);
            return fields is null
                ? await ListAsync(store, filter, max, parse.GetValue(json), env, token).ConfigureAwait(false)
                : await GroupAsync(store, filter, SymptomField.ParseList(fields), max, parse.GetValue(json), env, token).ConfigureAwait(false);
        }, ct));
        return command;
    }

    private static async Task<int> ListAsync(ISymptomStore store, SymptomFilter filter, int max, bool json, CliEnvironment env, CancellationToken token)
    {
        var page = await store.QueryAsync(filter, new SymptomPageRequest { Size = max }, token).ConfigureAwait(false);
        if (json)
        {
            foreach (var symptom in page.Items)
            {
                await env.Out.WriteLineAsync(ExtractCommand.ToJson(symptom)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }

        var table = new TextTable("TIME", "HOST", "RANK", "KIND", "SOURCE", "SIGNATURE");
        foreach (var s in page.Items)
        {
            table.Add(
                s.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (s.TimeInferred ? "~" : string.Empty),
                s.Host, s.Rank?.ToString(CultureInfo.InvariantCulture), s.Kind,
                string.Create(CultureInfo.InvariantCulture, $"{s.Source.Path}:{s.Source.Line}"), s.Signature);
        }

        await table.WriteAsync(env.Out).ConfigureAwait(false);
        var total = await store.CountAsync(filter, token).ConfigureAwait(false);
        await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{page.Items.Count} of {total} symptoms shown{(page.Items.Count < total ? " (use --limit, filters or --group-by)" : string.Empty)}; '~' marks a time inherited from an earlier line")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The summary <c>collect</c> ends with: the run's symptoms counted by kind, category and severity.</summary>
    internal static async Task WriteByKindAsync(ISymptomStore store, string run, CliEnvironment env, CancellationToken token)
    {
        var fields = SymptomField.ParseList("kind,category,severity");
        var result = await store.AggregateAsync(new SymptomFilter { Run = run }, fields, 50, token).ConfigureAwait(false);
        if (result.Rows.Count == 0)
        {
            return;
        }

        await env.Out.WriteLineAsync().ConfigureAwait(false);
        var table = new TextTable("KIND", "CATEGORY", "SEVERITY", "COUNT", "HOSTS", "FIRST SEEN");
        var hosts = await store.AggregateAsync(new SymptomFilter { Run = run }, SymptomField.ParseList("kind,category,severity,host"), 100_000, token).ConfigureAwait(false);
        foreach (var row in result.Rows)
        {
            var hostCount = hosts.Rows.Count(h => h.Keys[0] == row.Keys[0] && h.Keys[1] == row.Keys[1] && h.Keys[2] == row.Keys[2] && h.Keys[3] is not null);
            table.Add(row.Keys[0], row.Keys[1], row.Keys[2], row.Count.ToString(CultureInfo.InvariantCulture), hostCount.ToString(CultureInfo.InvariantCulture), Time(row.FirstSeen));
        }

        await table.WriteAsync(env.Out).ConfigureAwait(false);
        await env.Out.WriteLineAsync($"Next: triage symptoms --run {run} --kind KIND   (or --group-by kind,host)").ConfigureAwait(false);
    }

    private static async Task<int> GroupAsync(
        ISymptomStore store, SymptomFilter filter, IReadOnlyList<SymptomField> fields, int max, bool json, CliEnvironment env, CancellationToken token)
    {
        if (fields.Count == 0)
        {
            throw new TriageException("--group-by needs at least one field", ExitCodes.Usage);
        }

        var result = await store.AggregateAsync(filter, fields, max, token).ConfigureAwait(false);
        if (json)
        {
            await env.Out.WriteLineAsync(AggregateJson(result)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var table = new TextTable([.. fields.Select(f => f.Name.ToUpperInvariant()), "COUNT", "FIRST SEEN", "LAST SEEN"]);
        foreach (var row in result.Rows)
        {
            table.Add([.. row.Keys.Select(k => k ?? "-"), row.Count.ToString(CultureInfo.InvariantCulture), Time(row.FirstSeen), Time(row.LastSeen)]);
        }

        await table.WriteAsync(env.Out).ConfigureAwait(false);
        await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{result.Rows.Count} groups{(result.Truncated ? " (more exist; raise --limit)" : string.Empty)}, {result.Total} symptoms")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string AggregateJson(AggregateResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, SymptomJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("group_by");
            foreach (var field in result.GroupBy)
            {
                w.WriteStringValue(field.Name);
            }

            w.WriteEndArray();
            w.WriteNumber("total", result.Total);
            w.WriteBoolean("truncated", result.Truncated);
            w.WriteStartArray("groups");
            foreach (var row in result.Rows)
            {
                w.WriteStartObject();
                w.WriteStartObject("keys");
                for (var i = 0; i < result.GroupBy.Count; i++)
                {
                    w.WriteString(result.GroupBy[i].Name, row.Keys[i]);
                }

                w.WriteEndObject();
                w.WriteNumber("count", row.Count);
                if (row.FirstSeen is { } first)
                {
                    w.WriteString("first_seen", first.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                }

                if (row.LastSeen is { } last)
                {
                    w.WriteString("last_seen", last.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    private static string[] Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    private static SymptomCategory ParseCategory(string text) =>
        Names.TryParseCategory(text, out var category)
            ? category
            : throw new TriageException($"unknown category '{text}': use hardware, network, software, data, resource, scheduler or unknown", ExitCodes.Usage);
}
