using Microsoft.Data.Sqlite;

namespace Triage.Storage.Embedded;

/// <summary>Per-run summaries from all three tables, read in one snapshot.</summary>
internal static class RunQuery
{
    public static async Task<IReadOnlyList<RunSummary>> ListAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var runs = new SortedDictionary<string, RunSummary>(StringComparer.Ordinal);
        using var transaction = connection.BeginTransaction(deferred: true);
        await ReadAsync(connection, transaction, "SELECT run, count(*), min(ts), max(ts) FROM symptoms GROUP BY run", (r, s) => s with
        {
            Symptoms = r.GetInt64(1),
            FirstSeen = r.IsDBNull(2) ? null : UnixMs.To(r.GetInt64(2)),
            LastSeen = r.IsDBNull(3) ? null : UnixMs.To(r.GetInt64(3)),
        }, runs, cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, transaction, "SELECT run, count(*) FROM checkpoints GROUP BY run", (r, s) => s with { Sources = r.GetInt64(1) }, runs, cancellationToken)
            .ConfigureAwait(false);
        await ReadAsync(connection, transaction, "SELECT run, count(*) FROM failures GROUP BY run", (r, s) => s with { Failures = r.GetInt64(1) }, runs, cancellationToken)
            .ConfigureAwait(false);
        return runs.Values.ToArray();
    }

    private static async Task ReadAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string sql,
        Func<SqliteDataReader, RunSummary, RunSummary> update,
        SortedDictionary<string, RunSummary> runs,
        CancellationToken cancellationToken)
    {
        using var command = connection.Command(transaction, sql);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var run = reader.GetString(0);
            var summary = runs.GetValueOrDefault(run) ?? new RunSummary(run, 0, 0, 0, null, null);
            runs[run] = update(reader, summary);
        }
    }
}
