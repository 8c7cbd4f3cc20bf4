using Microsoft.Data.Sqlite;

namespace Triage.Storage.Embedded;

/// <summary>The <c>failures</c> table: the first record of a (run, path, reason) is kept.</summary>
internal static class FailureTable
{
    public static async Task RecordAsync(SqliteConnection connection, SqliteTransaction transaction, CollectorFailure failure, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            transaction,
            "INSERT INTO failures (run, path, kind, reason, at) VALUES (@run, @path, @kind, @reason, @at) ON CONFLICT (run, path, reason) DO NOTHING");
        command.Add("@run", failure.Run);
        command.Add("@path", failure.Path);
        command.Add("@kind", EnumNames.Of(failure.Kind));
        command.Add("@reason", failure.Reason);
        command.Add("@at", UnixMs.From(failure.At));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<CollectorFailure>> ListAsync(SqliteConnection connection, string? run, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            null,
            "SELECT run, path, kind, reason, at FROM failures WHERE @run IS NULL OR run = @run ORDER BY at DESC, run, path, reason");
        command.Add("@run", run);
        var result = new List<CollectorFailure>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new CollectorFailure(
                reader.GetString(0),
                reader.GetString(1),
                EnumNames.ParseFailureKind(reader.GetString(2)),
                reader.GetString(3),
                UnixMs.To(reader.GetInt64(4))));
        }

        return result;
    }
}
