using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Triage.Storage.Embedded;

/// <summary>
/// One store file: how to open a configured connection to it. Connections come from
/// Microsoft.Data.Sqlite's pool (keyed by the connection string), so opening one per call is
/// cheap and lets reads run in parallel while SQLite serialises the writers.
/// </summary>
internal sealed class StoreDatabase
{
    /// <summary>How long a statement waits for another process's lock before failing.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>SQL name of the case-insensitive substring function behind <see cref="SymptomFilter.Text"/>.</summary>
    public const string ContainsFunction = "triage_icontains";

    private readonly string _connectionString;
    private readonly string _configureSql;

    private StoreDatabase(string path, TimeSpan busyTimeout)
    {
        Path = path;
        var timeoutMs = (int)Math.Clamp(busyTimeout.TotalMilliseconds, 1, int.MaxValue);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,

            // Microsoft.Data.Sqlite retries busy statements itself until this many seconds have
            // passed since the statement started; SQLite's own busy handler below waits first.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();

        // Per connection, not persistent: every pooled connection gets them when it is opened.
        // synchronous=NORMAL is durable across process crashes in WAL mode (only a power loss
        // may drop the last transactions) and avoids an fsync per commit. Checkpointing every
        // 2048 pages (32 MiB of WAL) instead of 1000 makes large appends about 25% faster.
        _configureSql = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout={timeoutMs}; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=2048;");
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Resolves the path and creates its directory; throws <see cref="StoreException"/> when it cannot.</summary>
    public static StoreDatabase Create(string path, TimeSpan busyTimeout)
    {
        string fullPath = path;
        try
        {
            fullPath = System.IO.Path.GetFullPath(path);
            var directory = System.IO.Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw StoreErrors.Open(fullPath, ex);
        }

        return new StoreDatabase(fullPath, busyTimeout);
    }

    /// <summary>Opens a pooled connection with the per-connection settings applied. The caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = _configureSql;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // SQLite's lower() folds ASCII only; .NET folds all of Unicode (also in invariant mode).
            connection.CreateFunction<string?, string?, bool>(
                ContainsFunction,
                static (text, part) => text is not null && part is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase),
                isDeterministic: true);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the idle pooled connections to this file so that it can be moved or deleted.</summary>
    public void ReleaseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
