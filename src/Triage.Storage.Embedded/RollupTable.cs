using System.Globalization;
using Microsoft.Data.Sqlite;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>
/// A rollup of the symptoms by (run, kind, host, minute) with counts and time spans, kept in the
/// same transaction as every append (symptoms are never deleted, so it stays exact). Aggregations
/// that only filter by run, kind and host and group by kind, host and whole-minute time buckets
/// (what the engine asks for) read it instead of scanning millions of rows. A missing host is
/// stored as '' and a missing time as minute -1.
/// </summary>
internal static class RollupTable
{
    public const string Create = """
        CREATE TABLE rollup (
            run      TEXT    NOT NULL,
            kind     TEXT    NOT NULL,
            host     TEXT    NOT NULL,
            minute   INTEGER NOT NULL,
            n        INTEGER NOT NULL,
            first_ts INTEGER,
            last_ts  INTEGER,
            PRIMARY KEY (run, kind, host, minute)
        ) WITHOUT ROWID;
        INSERT INTO rollup (run, kind, host, minute, n, first_ts, last_ts)
            SELECT run, kind, coalesce(host, ''), coalesce(ts / 60000, -1), count(*), min(ts), max(ts)
            FROM symptoms GROUP BY 1, 2, 3, 4;
        """;

    /// <summary>Counts of the symptoms a batch actually inserted, to add to the rollup.</summary>
    internal sealed class Batch
    {
        private readonly Dictionary<(string Run, string Kind, string Host, long Minute), (long N, long? First, long? Last)> _cells = [];

        public void Add(Symptom symptom)
        {
            long? ts = symptom.Timestamp is { } t ? UnixMs.From(t) : null;
            var key = (symptom.Run, symptom.Kind, symptom.Host ?? string.Empty, ts is { } ms ? ms / 60_000L : -1L);
            var (n, first, last) = _cells.GetValueOrDefault(key);
            _cells[key] = (n + 1, Min(first, ts), Max(last, ts));
        }

        public async Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
        {
            if (_cells.Count == 0)
            {
                return;
            }

            using var upsert = connection.Command(
                transaction,
                "INSERT INTO rollup (run, kind, host, minute, n, first_ts, last_ts) VALUES (@run, @kind, @host, @minute, @n, @first, @last) " +
                "ON CONFLICT (run, kind, host, minute) DO UPDATE SET n = n + excluded.n, " +
                "first_ts = CASE WHEN first_ts IS NULL OR excluded.first_ts < first_ts THEN excluded.first_ts ELSE first_ts END, " +
                "last_ts = CASE WHEN last_ts IS NULL OR excluded.last_ts > last_ts THEN excluded.last_ts ELSE last_ts END");
            var run = upsert.Add("@run", string.Empty);
            var kind = upsert.Add("@kind", string.Empty);
            var host = upsert.Add("@host", string.Empty);
            var minute = upsert.Add("@minute", 0L);
            var n = upsert.Add("@n", 0L);
            var first = upsert.Add("@first", DBNull.Value);
            var last = upsert.Add("@last", DBNull.Value);
            foreach (var ((r, k, h, m), (count, f, l)) in _cells)
            {
                run.Value = r;
                kind.Value = k;
                host.Value = h;
                minute.Value = m;
                n.Value = count;
                first.Value = f is { } fv ? fv : DBNull.Value;
                last.Value = l is { } lv ? lv : DBNull.Value;
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

        private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
    }

    /// <summary>True when the rollup can answer the aggregation exactly.</summary>
    public static bool CanServe(SymptomFilter filter, IReadOnlyList<SymptomField> groupBy) =>
        filter.From is null && filter.To is null && filter.Timed is null && filter.Categories.Count == 0 && filter.Ranks.Count == 0
        && filter.Signatures.Count == 0 && filter.MinSeverity is null && string.IsNullOrEmpty(filter.Text) && filter.Attrs.Count == 0
        && groupBy.All(f => f.Name is "run" or "kind" or "host" || (f.BucketSeconds > 0 && f.BucketSeconds % 60 == 0));

    public static async Task<AggregateResult> RunAsync(
        SqliteConnection connection, SymptomFilter filter, IReadOnlyList<SymptomField> groupBy, int maxGroups, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        if (filter.Run is not null)
        {
            sql.Where($"run = {sql.Parameter(filter.Run)}");
        }

        if (filter.Kinds.Count > 0)
        {
            sql.Where($"kind IN ({string.Join(", ", filter.Kinds.Select(k => sql.Parameter(k)))})");
        }

        if (filter.Hosts.Count > 0)
        {
            sql.Where($"host IN ({string.Join(", ", filter.Hosts.Select(h => sql.Parameter(h)))})");
        }

        var keys = groupBy.Select((f, i) => $"{Expression(f)} AS k{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        var aliases = string.Join(", ", Enumerable.Range(0, groupBy.Count).Select(i => "k" + i.ToString(CultureInfo.InvariantCulture)));
        var limit = (maxGroups + 1).ToString(CultureInfo.InvariantCulture);
        var text = $"SELECT {string.Join(", ", keys)}, sum(n) AS total, min(first_ts), max(last_ts) FROM rollup{sql.WhereClause} " +
                   $"GROUP BY {aliases} ORDER BY total DESC, {aliases} LIMIT {limit}";
        using var transaction = connection.BeginTransaction(deferred: true);
        var rows = new List<AggregateRow>();
        using (var command = sql.CreateCommand(connection, transaction, text))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = new string?[groupBy.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) is long l ? l.ToString(CultureInfo.InvariantCulture) : reader.GetString(i);
                }

                var c = groupBy.Count;
                rows.Add(new AggregateRow(
                    values,
                    reader.GetInt64(c),
                    reader.IsDBNull(c + 1) ? null : UnixMs.To(reader.GetInt64(c + 1)),
                    reader.IsDBNull(c + 2) ? null : UnixMs.To(reader.GetInt64(c + 2))));
            }
        }

        long total;
        using (var count = sql.CreateCommand(connection, transaction, $"SELECT coalesce(sum(n), 0) FROM rollup{sql.WhereClause}"))
        {
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        var truncated = rows.Count > maxGroups;
        if (truncated)
        {
            rows.RemoveAt(maxGroups);
        }

        return new AggregateResult(groupBy.ToArray(), rows, total, truncated);
    }

    private static string Expression(SymptomField field) => field.Name switch
    {
        "run" or "kind" => field.Name,
        "host" => "nullif(host, '')",
        _ => $"CASE WHEN minute < 0 THEN NULL ELSE (minute / {(field.BucketSeconds / 60).ToString(CultureInfo.InvariantCulture)}) * {(field.BucketSeconds * 1000L).ToString(CultureInfo.InvariantCulture)} END",
    };
}
