using System.Globalization;
using Microsoft.Data.Sqlite;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>Reads of the <c>symptoms</c> table: keyset pages, counts and single symptoms.</summary>
internal static class SymptomQueries
{
    /// <summary>
    /// One page ordered by (ts, id). SQLite sorts NULL first in ascending order, which is the
    /// contract's "timeless symptoms first", so the plain ORDER BY can use the (run, ts, id) index.
    /// </summary>
    public static async Task<SymptomPage> PageAsync(SqliteConnection connection, SymptomFilter filter, SymptomPageRequest page, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        FilterSql.Apply(filter, sql);
        if (page.Cursor is not null)
        {
            var after = PageCursor.Decode(page.Cursor);
            if (after.Timestamp is { } ts)
            {
                // Row values: rows without a time compare as NULL and are left out, as they come first.
                sql.Where($"(ts, id) > ({sql.Parameter(ts)}, {sql.Parameter(after.Id)})");
            }
            else
            {
                sql.Where($"(ts IS NOT NULL OR id > {sql.Parameter(after.Id)})");
            }
        }

        // One row more than asked tells whether a next page exists without an empty last page.
        var limit = (page.Size + 1).ToString(CultureInfo.InvariantCulture);
        using var command = sql.CreateCommand(connection, null, $"SELECT {SymptomColumns.List} FROM symptoms{sql.WhereClause} ORDER BY ts, id LIMIT {limit}");
        var items = new List<Symptom>(Math.Min(page.Size + 1, 1024));
        var timestamps = new List<long?>(items.Capacity);
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(SymptomColumns.Read(reader));
                timestamps.Add(reader.IsDBNull(2) ? null : reader.GetInt64(2));
            }
        }

        if (items.Count <= page.Size)
        {
            return new SymptomPage(items, null);
        }

        items.RemoveAt(page.Size);
        var last = page.Size - 1;
        return new SymptomPage(items, new PageCursor(timestamps[last], items[last].Id).Encode());
    }

    public static async Task<long> CountAsync(SqliteConnection connection, SqliteTransaction? transaction, SymptomFilter filter, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        FilterSql.Apply(filter, sql);
        using var command = sql.CreateCommand(connection, transaction, $"SELECT count(*) FROM symptoms{sql.WhereClause}");
        var count = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(count, CultureInfo.InvariantCulture);
    }

    public static async Task<Symptom?> GetAsync(SqliteConnection connection, string id, CancellationToken cancellationToken)
    {
        using var command = connection.Command(null, $"SELECT {SymptomColumns.List} FROM symptoms WHERE id = @id");
        command.Add("@id", id);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SymptomColumns.Read(reader) : null;
    }
}
