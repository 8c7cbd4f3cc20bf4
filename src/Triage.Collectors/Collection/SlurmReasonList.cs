using System.Text;
using Triage.Collectors.Lines;
using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Collectors.Collection;

/// <summary>
/// <c>sinfo -R</c> (<c>--list-reasons</c>) output saved beside a run: the nodes Slurm holds out of
/// service (down, drained, failing), one row per reason, in the columns sinfo prints by default,
/// <code>
/// REASON               USER      TIMESTAMP           NODELIST
/// gres/gpu GRES core s slurm     2025-04-03T15:48:07 gpu[004-009]
/// Not responding       root      2025-04-02T16:01:38 cpu242
/// </code>
/// (REASON cut to 20 characters, the host list compressed; <c>sinfo -R -l</c> adds a STATE column before
/// NODELIST). Quoted from a real cluster's post (hpc-community.unige.ch, baobab, 2025-04-03) and Slurm's
/// own format <c>%20E %9u %19H %N</c>. No rule can read a row (it has no fixed word), so the file is
/// recognised by its header and read by column: the host list is the last field, the state (when its
/// column is there) the one before, then the time (<c>Unknown</c> when Slurm did not record one) and
/// the user; the reason is what is left. A row the columns do not fit is returned as not understood.
/// </summary>
internal static class SlurmReasonList
{
    /// <summary>Larger files are not a saved <c>sinfo -R</c>.</summary>
    public const int MaxBytes = 4 << 20;

    /// <summary>Rule id of the symptoms made from rows.</summary>
    public const string RuleId = "slurm.sinfo_reason";

    /// <summary>One row: where it is, what it says, and the hosts it names.</summary>
    public sealed record Row(int Line, long Offset, string Text, string Reason, string User, DateTimeOffset? Time, string? State, IReadOnlyList<string> Hosts);

    /// <summary>What a file holds: the rows read and the (1-based) lines not understood.</summary>
    public sealed record Table(IReadOnlyList<Row> Rows, IReadOnlyList<int> NotUnderstood);

    /// <summary>
    /// One <c>job.node_fail</c> warning per host of each row, at the time Slurm set the reason (a node
    /// taken out of service: maintenance, a failed health check, not responding), as the drain lines of
    /// slurmctld's log are read.
    /// </summary>
    public static List<Symptom> Symptoms(Table table, string run, string sourceId, string path)
    {
        var symptoms = new List<Symptom>();
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < row.Hosts.Count; i++)
            {
                var attrs = new Dictionary<string, string>(StringComparer.Ordinal) { ["node"] = row.Hosts[i], ["reason"] = row.Reason, ["user"] = row.User };
                if (row.State is not null)
                {
                    attrs["state"] = row.State;
                }

                symptoms.Add(new Symptom
                {
                    Id = SymptomId.Create(run, sourceId, row.Offset, i == 0 ? RuleId : RuleId + "#" + row.Hosts[i]),
                    Timestamp = row.Time,
                    Run = run,
                    Host = row.Hosts[i],
                    Kind = "job.node_fail",
                    Category = SymptomCategory.Hardware,
                    Severity = Severity.Warning,
                    Signature = "sinfo-reason",
                    Message = row.Text,
                    Source = new SymptomSource(path, row.Line, row.Offset),
                    Rule = RuleId,
                    Attrs = attrs,
                });
            }
        }

        return symptoms;
    }

    /// <summary>What the collect report says about rows that do not fit, or null when all did.</summary>
    public static string? Problem(Table table)
    {
        if (table.NotUnderstood.Count == 0)
        {
            return null;
        }

        var lines = string.Join(", ", table.NotUnderstood.Take(5)) + (table.NotUnderstood.Count > 5 ? ", ..." : string.Empty);
        return $"sinfo -R rows not understood (line {lines}): expected REASON USER TIMESTAMP [STATE] NODELIST";
    }

    /// <summary>Whether <paramref name="file"/> may be one (text, small, its first line the header).</summary>
    public static bool IsCandidate(DiscoveredFile file) =>
        file.Format == SourceFormat.Text && file.Length <= MaxBytes && StartsWithHeader(file.Head);

    /// <summary>Whether the first line of <paramref name="head"/> is the header.</summary>
    public static bool StartsWithHeader(ReadOnlySpan<byte> head) => HeaderState(FirstLine(head)) is not null;

    /// <summary>The rows of <paramref name="bytes"/>, or null when its first line is not the header.</summary>
    public static Table? TryRead(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var rows = new List<Row>();
        var bad = new List<int>();
        bool? withState = null;
        var offset = 0;
        var line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var at = offset;
            offset += Encoding.UTF8.GetByteCount(raw) + 1;
            var row = raw.TrimEnd('\r');
            if (withState is null)
            {
                withState = HeaderState(row);
                if (withState is null)
                {
                    return null;
                }

                continue;
            }

            if (row.Trim().Length == 0)
            {
                continue;
            }

            if (TryParseRow(row, withState.Value, line, at) is { } parsed)
            {
                rows.Add(parsed);
            }
            else
            {
                bad.Add(line);
            }
        }

        return withState is null ? null : new Table(rows, bad);
    }

    private static Row? TryParseRow(string row, bool withState, int line, long offset)
    {
        var fields = Fields(row);
        var i = fields.Count - 1;
        if (fields.Count < (withState ? 5 : 4) || !SlurmHostList.TryExpand(Field(row, fields[i]), out var hosts))
        {
            return null;
        }

        var state = withState ? Field(row, fields[--i]) : null;
        var stamp = Field(row, fields[--i]);
        DateTimeOffset? time = null;
        if (IsoStamp.TryParse(stamp, 0, requireT: true, out var parsed, out var end) && end == stamp.Length && parsed is not null)
        {
            time = parsed;
        }
        else if (stamp is not ("Unknown" or "None" or "N/A"))
        {
            return null;
        }

        var user = fields[--i];
        var reason = row[..user.Start].Trim();
        return new Row(line, offset, row, reason, Field(row, user), time, state, hosts);
    }

    private static List<(int Start, int Length)> Fields(string row)
    {
        var fields = new List<(int, int)>();
        for (var p = 0; p < row.Length;)
        {
            if (char.IsWhiteSpace(row[p]))
            {
                p++;
                continue;
            }

            var start = p;
            while (p < row.Length && !char.IsWhiteSpace(row[p]))
            {
                p++;
            }

            fields.Add((start, p - start));
        }

        return fields;
    }

    private static string Field(string row, (int Start, int Length) field) => row.Substring(field.Start, field.Length);

    /// <summary>False for the default header, true with a STATE column, null when <paramref name="line"/> is not the header.</summary>
    private static bool? HeaderState(string line)
    {
        return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) switch
        {
            ["REASON", "USER", "TIMESTAMP", "NODELIST"] => false,
            ["REASON", "USER", "TIMESTAMP", "STATE", "NODELIST"] => true,
            _ => null,
        };
    }

    private static string FirstLine(ReadOnlySpan<byte> span)
    {
        var newline = span.IndexOf((byte)'\n');
        return Encoding.UTF8.GetString(newline < 0 ? span : span[..newline]).TrimEnd('\r');
    }
}
