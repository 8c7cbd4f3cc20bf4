using Microsoft.Data.Sqlite;

namespace Triage.Storage.Embedded;

/// <summary>The <c>checkpoints</c> table: one row per (run, path), replaced on every save.</summary>
internal static class CheckpointTable
{
    private const string Columns = "run, path, source_id, fingerprint, \"offset\", line, last_ts, complete, updated_at";

    public static async Task SaveAsync(
        SqliteConnection connection, SqliteTransaction transaction, SourceCheckpoint checkpoint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            transaction,
            $"""
            INSERT INTO checkpoints ({Columns}) VALUES (@run, @path, @source_id, @fingerprint, @offset, @line, @last_ts, @complete, @updated_at)
            ON CONFLICT (run, path) DO UPDATE SET
                source_id = excluded.source_id, fingerprint = excluded.fingerprint, "offset" = excluded."offset",
                line = excluded.line, last_ts = excluded.last_ts, complete = excluded.complete, updated_at = excluded.updated_at
            """);
        command.Add("@run", checkpoint.Run);
        command.Add("@path", checkpoint.Path);
        command.Add("@source_id", checkpoint.SourceId);
        command.Add("@fingerprint", checkpoint.Fingerprint);
        command.Add("@offset", checkpoint.Offset);
        command.Add("@line", checkpoint.Line);
        command.Add("@last_ts", UnixMs.ToDb(checkpoint.LastTimestamp));
        command.Add("@complete", checkpoint.Complete ? 1 : 0);
        command.Add("@updated_at", UnixMs.From(now));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<SourceCheckpoint>> ListAsync(SqliteConnection connection, string run, CancellationToken cancellationToken)
    {
        using var command = connection.Command(null, $"SELECT {Columns} FROM checkpoints WHERE run = @run ORDER BY path");
        command.Add("@run", run);
        var result = new List<SourceCheckpoint>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new SourceCheckpoint
            {
                Run = reader.GetString(0),
                Path = reader.GetString(1),
                SourceId = reader.GetString(2),
                Fingerprint = reader.GetString(3),
                Offset = reader.GetInt64(4),
                Line = reader.GetInt64(5),
                LastTimestamp = reader.IsDBNull(6) ? null : UnixMs.To(reader.GetInt64(6)),
                Complete = reader.GetInt64(7) != 0,
                UpdatedAt = UnixMs.To(reader.GetInt64(8)),
            });
        }

        return result;
    }

    public static async Task DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, string run, string path, CancellationToken cancellationToken)
    {
        using var command = connection.Command(transaction, "DELETE FROM checkpoints WHERE run = @run AND path = @path");
        command.Add("@run", run);
        command.Add("@path", path);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
