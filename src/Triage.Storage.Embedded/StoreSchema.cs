using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Triage.Storage.Embedded;

/// <summary>
/// The schema and its migrations. The version lives in <c>PRAGMA user_version</c>; migration
/// <c>i</c> takes a store from version <c>i</c> to <c>i + 1</c>. A file from a newer triage is
/// refused rather than guessed at.
/// </summary>
internal static class StoreSchema
{
    /// <summary>Marks the file as a triage store ("TRIG") in the SQLite header.</summary>
    public const int ApplicationId = 0x54524947;

    internal const string V1 = """
        CREATE TABLE symptoms (
            id          TEXT    NOT NULL UNIQUE,
            run         TEXT    NOT NULL,
            ts          INTEGER,
            ts_inferred INTEGER NOT NULL,
            host        TEXT,
            rank        INTEGER,
            local_rank  INTEGER,
            gpu         INTEGER,
            pid         INTEGER,
            kind        TEXT    NOT NULL,
            category    TEXT    NOT NULL,
            severity    TEXT    NOT NULL,
            signature   TEXT    NOT NULL,
            message     TEXT    NOT NULL,
            path        TEXT    NOT NULL,
            line        INTEGER NOT NULL,
            "offset"    INTEGER NOT NULL,
            rule        TEXT    NOT NULL,
            attrs       TEXT
        );
        CREATE INDEX symptoms_run_ts ON symptoms (run, ts, id);
        CREATE INDEX symptoms_run_kind ON symptoms (run, kind, ts);
        CREATE INDEX symptoms_run_host ON symptoms (run, host, ts);
        CREATE INDEX symptoms_run_signature ON symptoms (run, signature, ts);

        CREATE TABLE checkpoints (
            run         TEXT    NOT NULL,
            path        TEXT    NOT NULL,
            source_id   TEXT    NOT NULL,
            fingerprint TEXT    NOT NULL,
            "offset"    INTEGER NOT NULL,
            line        INTEGER NOT NULL,
            last_ts     INTEGER,
            complete    INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            PRIMARY KEY (run, path)
        ) WITHOUT ROWID;

        CREATE TABLE failures (
            run    TEXT    NOT NULL,
            path   TEXT    NOT NULL,
            kind   TEXT    NOT NULL,
            reason TEXT    NOT NULL,
            at     INTEGER NOT NULL,
            UNIQUE (run, path, reason)
        );
        CREATE INDEX failures_at ON failures (at);
        """;

    // Hypotheses (kept across re-analysis so votes survive), root attribution by id, collateral
    // claims per run, votes; and the (kind, host, minute) rollup the engine's aggregations read.
    private const string V2 = """
        CREATE TABLE hypotheses (
            run            TEXT    NOT NULL,
            id             TEXT    NOT NULL,
            rank           INTEGER,
            score          REAL    NOT NULL,
            doc            TEXT    NOT NULL,
            first_analyzed INTEGER NOT NULL,
            last_analyzed  INTEGER NOT NULL,
            PRIMARY KEY (run, id)
        ) WITHOUT ROWID;

        CREATE TABLE attributions (
            run        TEXT NOT NULL,
            symptom_id TEXT NOT NULL,
            hypothesis TEXT NOT NULL,
            role       TEXT NOT NULL,
            PRIMARY KEY (run, symptom_id)
        ) WITHOUT ROWID;

        CREATE TABLE analyses (
            run         TEXT    NOT NULL PRIMARY KEY,
            analyzed_at INTEGER NOT NULL,
            symptoms    INTEGER NOT NULL,
            unexplained INTEGER NOT NULL,
            claims      TEXT    NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE votes (
            run        TEXT    NOT NULL,
            hypothesis TEXT    NOT NULL,
            voter      TEXT    NOT NULL,
            vote       INTEGER NOT NULL,
            at         INTEGER NOT NULL,
            PRIMARY KEY (run, hypothesis, voter)
        ) WITHOUT ROWID;

        -- With id last, a page filtered by one kind (host, signature) is read in (ts, id) order
        -- straight from its index instead of walking the whole run by time.
        DROP INDEX symptoms_run_kind;
        DROP INDEX symptoms_run_host;
        DROP INDEX symptoms_run_signature;
        CREATE INDEX symptoms_run_kind ON symptoms (run, kind, ts, id);
        CREATE INDEX symptoms_run_host ON symptoms (run, host, ts, id);
        CREATE INDEX symptoms_run_signature ON symptoms (run, signature, ts, id);
        """;

    private static readonly string[] Migrations = [V1, V2 + RollupTable.Create, ReviewTable.Create, ReviewTable.CreateVoteLog, AlertTable.Create];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>
    /// Brings the file to <see cref="CurrentVersion"/>: WAL mode, tables, indexes. Safe when
    /// several processes open a new file at once (the migration runs under BEGIN IMMEDIATE and
    /// re-reads the version inside it).
    /// </summary>
    public static async Task InitializeAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var version = await ReadVersionAsync(connection, null, path, cancellationToken).ConfigureAwait(false);
        if (version == CurrentVersion)
        {
            return;
        }

        if (version == 0)
        {
            // Only takes effect on an empty file. Measured on appends of 10k-symptom batches:
            // 16 KiB pages are about 20% faster than the default 4 KiB for these wide rows.
            await connection.ExecuteAsync(null, "PRAGMA page_size=16384;", cancellationToken).ConfigureAwait(false);
        }

        // WAL is persistent in the file: readers never block the writer and vice versa.
        var mode = await connection.ScalarAsync(null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        if (!string.Equals(Convert.ToString(mode, CultureInfo.InvariantCulture), "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreException($"cannot open the store '{path}': the file system does not support SQLite's WAL mode");
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        version = await ReadVersionAsync(connection, transaction, path, cancellationToken).ConfigureAwait(false);
        if (version == 0 && await HasForeignTablesAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            throw new StoreException($"cannot open the store '{path}': it is a SQLite database of another application");
        }

        for (var next = version; next < CurrentVersion; next++)
        {
            await connection.ExecuteAsync(transaction, Migrations[next], cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(
            transaction,
            string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id={ApplicationId}; PRAGMA user_version={CurrentVersion};"),
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, string path, CancellationToken cancellationToken)
    {
        var applicationId = Convert.ToInt32(await connection.ScalarAsync(transaction, "PRAGMA application_id;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (applicationId != 0 && applicationId != ApplicationId)
        {
            throw new StoreException($"cannot open the store '{path}': it is a SQLite database of another application");
        }

        var version = Convert.ToInt32(await connection.ScalarAsync(transaction, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new StoreException(string.Create(
                CultureInfo.InvariantCulture,
                $"cannot open the store '{path}': it has schema version {version}, newer than the {CurrentVersion} this triage understands; upgrade triage"));
        }

        return version;
    }

    private static async Task<bool> HasForeignTablesAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        Convert.ToInt64(await connection.ScalarAsync(transaction, "SELECT count(*) FROM sqlite_schema;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
}
