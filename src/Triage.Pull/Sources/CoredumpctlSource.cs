using System.Globalization;
using System.Text;
using System.Text.Json;
using Triage.Collectors.Collection;
using Triage.Pull.Ssh;
using Triage.Storage;

namespace Triage.Pull.Sources;

/// <summary>
/// The core dumps systemd-coredump kept on a node: <c>coredumpctl --no-pager --json=short list [--since T]</c>
/// (a JSON array of <c>{"time": µs, "pid", "uid", "gid", "sig", "corefile", "exe", "size"}</c>, coredumpctl(1)), then
/// <c>coredumpctl --no-pager dump PID</c> for each dump it can still give: <c>corefile</c> <c>present</c> (a file under
/// /var/lib/systemd/coredump), <c>journal</c> (Storage=journal: the core is inside the journal entry) or
/// <c>truncated</c> (either, cut at ProcessSizeMax) — not <c>missing</c>, <c>inaccessible</c>, <c>none</c> or null
/// (systemd's coredumpctl.c, print_list) — the dump
/// on stdout (decompressed by coredumpctl) streamed to a scratch file and read once. The source is
/// <c>NODE:coredumpctl/PID@TIME</c>; a dump read before is not fetched again. "No coredumps found." is an empty list.
/// </summary>
internal sealed class CoredumpctlSource(StreamSourceCollector collector, SshNode node, string name, PullOptions options, string scratch)
{
    private const int MaxListBytes = 16 << 20;

    public async Task CollectAsync(PullCounts counts, CancellationToken cancellationToken)
    {
        var args = new List<string> { "--no-pager", "--json=short", "list" };
        if (options.Since is { } since)
        {
            args.AddRange(["--since", since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC"]);
        }

        var text = new StringBuilder();
        try
        {
            await foreach (var line in node.RunLinesAsync(options.CoredumpctlCommand, args, cancellationToken).ConfigureAwait(false))
            {
                if (text.Length + line.Length > MaxListBytes)
                {
                    throw new IOException($"coredumpctl list is longer than {MaxListBytes} bytes");
                }

                text.Append(line).Append('\n');
            }
        }
        catch (IOException ex) when (ex.Message.Contains("No coredumps found", StringComparison.Ordinal))
        {
            return;
        }
        catch (IOException ex)
        {
            await collector.RecordAsync(options.Run, name + ":coredumpctl", CollectorFailureKind.Failed, ex.Message, counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (dumps, problem) = Parse(text.ToString());
        if (problem is not null)
        {
            await collector.RecordAsync(options.Run, name + ":coredumpctl", CollectorFailureKind.Failed, problem, counts, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (pid, time) in dumps)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{name}:coredumpctl/{pid}@{time:yyyy-MM-dd'T'HH:mm:ss'Z'}");
            await collector.CollectDumpAsync(
                options.Run,
                name,
                path,
                time,
                (local, ct) => node.RunToFileAsync(options.CoredumpctlCommand, ["--no-pager", "dump", pid.ToString(CultureInfo.InvariantCulture)], local, collector.MaxDumpBytes, ct),
                scratch,
                counts,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// (pid, time) of each listed dump coredumpctl can still give, and why the list could not be read when it is not a
    /// JSON array (a wrapper that printed the table) — never a silent empty list.
    /// </summary>
    internal static (IReadOnlyList<(long Pid, DateTimeOffset Time)> Dumps, string? Problem) Parse(string json)
    {
        var dumps = new List<(long, DateTimeOffset)>();
        if (json.Trim().Length == 0)
        {
            return (dumps, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return (dumps, $"coredumpctl list printed JSON {doc.RootElement.ValueKind}, not the --json=short array of dumps");
            }

            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && entry.TryGetProperty("corefile", out var corefile) && corefile.ValueKind == JsonValueKind.String && (corefile.GetString() is "present" or "journal" or "truncated")
                    && entry.TryGetProperty("pid", out var pid) && pid.TryGetInt64(out var p) && p > 0
                    && entry.TryGetProperty("time", out var time) && time.TryGetInt64(out var us) && us > 0)
                {
                    dumps.Add((p, DateTimeOffset.UnixEpoch.AddTicks(us * 10)));
                }
            }
        }
        catch (JsonException)
        {
            var first = json.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
            return (dumps, $"coredumpctl list did not print the --json=short array: '{Triage.Text.TerminalText.Sanitize(first, 80)}'");
        }

        return (dumps, null);
    }
}
