using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Triage.Storage.Embedded;

/// <summary>GROUP BY over the filter: fixed fields are columns, <c>attrs.NAME</c> a JSON path.</summary>
internal static class AggregateQuery
{
    /// <summary>The largest <c>maxGroups</c> the contract allows.</summary>
    public const int MaxGroups = 100_000;

    public static async Task<AggregateResult> RunAsync(
        SqliteConnection connection, SymptomFilter filter, IReadOnlyList<SymptomField> groupBy, int maxGroups, CancellationToken cancellationToken)
    {
        if (RollupTable.CanServe(filter, groupBy))
        {
            return await RollupTable.RunAsync(connection, filter, groupBy, maxGroups, cancellationToken).ConfigureAwait(false);
        }

        var sql = new SqlBuilder();
        var keys = new string[groupBy.Count];
        for (var i = 0; i < groupBy.Count; i++)
        {
            keys[i] = $"{Expression(groupBy[i], sql)} AS k{i.ToString(CultureInfo.InvariantCulture)}";
        }

        FilterSql.Apply(filter, sql);
        var aliases = string.Join(", ", Enumerable.Range(0, groupBy.Count).Select(i => "k" + i.ToString(CultureInfo.InvariantCulture)));
        var limit = (maxGroups + 1).ToString(CultureInfo.InvariantCulture);
        var text = $"SELECT {string.Join(", ", keys)}, count(*) AS n, min(ts), max(ts) FROM symptoms{sql.WhereClause} " +
                   $"GROUP BY {aliases} ORDER BY n DESC, {aliases} LIMIT {limit}";

        // One read transaction: the rows and the total come from the same snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        var rows = new List<AggregateRow>();
        using (var command = sql.CreateCommand(connection, transaction, text))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ReadRow(reader, groupBy.Count));
            }
        }

        var total = await SymptomQueries.CountAsync(connection, transaction, filter, cancellationToken).ConfigureAwait(false);
        var truncated = rows.Count > maxGroups;
        if (truncated)
        {
            rows.RemoveAt(maxGroups);
        }

        return new AggregateResult(groupBy.ToArray(), rows, total, truncated);
    }

    private static string Expression(SymptomField field, SqlBuilder sql) => field.Attribute is { } attribute
        ? $"json_extract(attrs, {sql.Parameter(JsonPaths.ForKey(attribute))})"
        : field.BucketSeconds > 0
        ? $"(ts / {(field.BucketSeconds * 1000L).ToString(CultureInfo.InvariantCulture)}) * {(field.BucketSeconds * 1000L).ToString(CultureInfo.InvariantCulture)}"
        : field.Name switch
        {
            "source.path" => "path",
            "run" or "host" or "rank" or "local_rank" or "gpu" or "pid" or "kind" or "category" or "severity" or "signature" or "rule" => field.Name,
            _ => throw new ArgumentException($"field '{field.Name}' cannot be grouped by", nameof(field)),
        };

    private static AggregateRow ReadRow(SqliteDataReader reader, int keyCount)
    {
        var keys = new string?[keyCount];
        for (var i = 0; i < keyCount; i++)
        {
            keys[i] = reader.GetValue(i) switch
            {
                DBNull => null,
                string s => s,
                long l => l.ToString(CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                byte[] b => Convert.ToHexStringLower(b),
                var other => Convert.ToString(other, CultureInfo.InvariantCulture),
            };
        }

        return new AggregateRow(
            keys,
            reader.GetInt64(keyCount),
            reader.IsDBNull(keyCount + 1) ? null : UnixMs.To(reader.GetInt64(keyCount + 1)),
            reader.IsDBNull(keyCount + 2) ? null : UnixMs.To(reader.GetInt64(keyCount + 2)));
    }
}
