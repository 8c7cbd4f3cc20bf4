using Triage.Hypotheses;
using Microsoft.Data.Sqlite;
using Triage.Alerts;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>
/// The embedded store: one SQLite file (WAL mode) that a collector, the TUI and voters can use
/// at the same time from several threads and several processes.
/// </summary>
/// <remarks>
/// <para>
/// Concurrency: every call opens its own connection from Microsoft.Data.Sqlite's pool, so reads
/// run in parallel and never wait for a writer (WAL). Writes take SQLite's write lock up front
/// (<c>BEGIN IMMEDIATE</c>), keep the transaction to one call, and wait up to the busy timeout
/// (10 s) for another process; within one instance they also queue on a semaphore so that
/// threads of one process do not spin on SQLite's busy handler against each other.
/// </para>
/// <para>
/// Text: SQLite stores UTF-8, so a lone UTF-16 surrogate in any string (message, host,
/// attribute key or value, ...) is stored and read back as U+FFFD; NUL characters are kept,
/// except in attribute keys, where they also become U+FFFD (SQLite's JSON paths compare keys as
/// C strings; filters map their keys the same way). When two attribute keys become equal that
/// way the first one is kept. Timestamps are stored as Unix milliseconds and read back in UTC
/// (offset zero), truncated to the millisecond. <see cref="SymptomFilter.Text"/> matches as
/// <see cref="StringComparison.OrdinalIgnoreCase"/> does, for all of Unicode.
/// </para>
/// <para>
/// Errors: anything SQLite refuses (locked beyond the busy timeout, disk full, damaged file or
/// row, a required symptom field that is null, an undefined enum value) is a
/// <see cref="StoreException"/> naming the file; null arguments and out-of-range sizes are
/// argument exceptions;
/// a malformed page cursor is a <see cref="TriageException"/> with <see cref="ExitCodes.Usage"/>;
/// cancellation is an <see cref="OperationCanceledException"/> and rolls the write back.
/// </para>
/// <para>
/// Microsoft.Data.Sqlite runs its "async" methods synchronously; a UI thread should call the
/// store from a background task.
/// </para>
/// </remarks>
public sealed class SqliteSymptomStore : ISymptomStore, IHypothesisPages, IVoteHistory, IAlertState
{
    private readonly StoreDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _disposed;

    private SqliteSymptomStore(StoreDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Full path of the store file.</summary>
    public string Path => _database.Path;

    /// <summary>
    /// Opens the store at <paramref name="path"/>, creating the directory and the file when
    /// missing and migrating an older schema.
    /// </summary>
    /// <param name="path">The database file, e.g. <c>.triage/store.db</c>.</param>
    /// <param name="timeProvider">Clock for the timestamps the store writes itself (checkpoint <c>UpdatedAt</c>).</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="StoreException">The file is not a SQLite database (or another application's), its directory cannot be created
    /// or is read-only, it stays locked beyond the busy timeout, or it has a newer schema than this build.</exception>
    public static Task<SqliteSymptomStore> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        OpenAsync(path, timeProvider, StoreDatabase.DefaultBusyTimeout, cancellationToken);

    /// <summary>Opens with a chosen busy timeout (tests use a short one to observe lock failures quickly).</summary>
    internal static async Task<SqliteSymptomStore> OpenAsync(string path, TimeProvider timeProvider, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var database = StoreDatabase.Create(path, busyTimeout);
        try
        {
            var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await StoreSchema.InitializeAsync(connection, database.Path, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SqliteException or StoreException or OperationCanceledException)
        {
            database.ReleaseConnections();
            if (ex is SqliteException)
            {
                throw StoreErrors.Open(database.Path, ex);
            }

            throw;
        }

        return new SqliteSymptomStore(database, timeProvider);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One idempotent <c>INSERT ... ON CONFLICT (id) DO NOTHING</c>, prepared once per call and
    /// bound per symptom; the checkpoint is saved in the same transaction (its <c>UpdatedAt</c> is
    /// set from the store's clock). A cancelled token or a failing symptom rolls back the whole
    /// call. Of two symptoms with the same id in one batch, the first is kept.
    /// </remarks>
    public Task<int> AppendAsync(IReadOnlyList<Symptom> symptoms, SourceCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symptoms);
        return WriteAsync(
            "append symptoms",
            (connection, transaction, token) =>
                SymptomAppender.AppendAsync(connection, transaction, symptoms, checkpoint, _timeProvider.GetUtcNow(), token),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1..<see cref="SymptomPageRequest.MaxSize"/>.</exception>
    /// <exception cref="TriageException">The cursor is not one this store handed out (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public Task<SymptomPage> QueryAsync(SymptomFilter filter, SymptomPageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        return ReadAsync("query symptoms", (connection, token) => SymptomQueries.PageAsync(connection, filter, page, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> CountAsync(SymptomFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ReadAsync("count symptoms", (connection, token) => SymptomQueries.CountAsync(connection, null, filter, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Symptom?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadAsync("read a symptom", (connection, token) => SymptomQueries.GetAsync(connection, id, token), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Keys are strings: integers in invariant digits, category and severity lower-case, null when
    /// the symptom has no value. Groups are ordered by count (descending), then by key values.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="groupBy"/> is empty or holds null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxGroups"/> is outside 1..100,000.</exception>
    public Task<AggregateResult> AggregateAsync(
        SymptomFilter filter, IReadOnlyList<SymptomField> groupBy, int maxGroups = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(groupBy);
        if (groupBy.Count == 0 || groupBy.Any(f => f is null))
        {
            throw new ArgumentException("group by at least one field, none of them null", nameof(groupBy));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroups, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxGroups, AggregateQuery.MaxGroups);
        return ReadAsync(
            "aggregate symptoms",
            (connection, token) => AggregateQuery.RunAsync(connection, filter, groupBy, maxGroups, token),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceCheckpoint>> GetCheckpointsAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ReadAsync("read checkpoints", (connection, token) => CheckpointTable.ListAsync(connection, run, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteCheckpointAsync(string run, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(path);
        return WriteAsync(
            "delete a checkpoint",
            async (connection, transaction, token) =>
            {
                await CheckpointTable.DeleteAsync(connection, transaction, run, path, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The first record of a (run, path, reason) is kept, with its kind and time.</remarks>
    public Task RecordFailureAsync(CollectorFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return WriteAsync(
            "record a collector failure",
            async (connection, transaction, token) =>
            {
                await FailureTable.RecordAsync(connection, transaction, failure, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CollectorFailure>> GetFailuresAsync(string? run, CancellationToken cancellationToken = default) =>
        ReadAsync("read collector failures", (connection, token) => FailureTable.ListAsync(connection, run, token), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunSummary>> GetRunsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("list runs", RunQuery.ListAsync, cancellationToken);

    /// <inheritdoc />
    public Task SaveAnalysisAsync(Analysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return WriteAsync("save an analysis", (connection, transaction, token) => HypothesisTable.SaveAsync(connection, transaction, analysis, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Hypothesis>> GetHypothesesAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ReadAsync("read hypotheses", (connection, token) => HypothesisTable.ListAsync(connection, run, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<HypothesisPage> GetHypothesesPageAsync(string run, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("read hypotheses", (connection, token) => HypothesisTable.PageAsync(connection, run, offset, limit, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Attribution?> GetAttributionAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ReadAsync("read an attribution", (connection, token) => HypothesisTable.AttributionAsync(connection, run, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task VoteAsync(string run, string hypothesisId, string voter, int vote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(hypothesisId);
        ArgumentException.ThrowIfNullOrWhiteSpace(voter);
        return WriteAsync(
            "record a vote",
            (connection, transaction, token) => HypothesisTable.VoteAsync(connection, transaction, run, hypothesisId, voter, vote, _timeProvider.GetUtcNow(), token),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<VoteRecord>> GetVotesAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ReadAsync("read votes", (connection, token) => ReviewTable.VotersAsync(connection, run, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<VoteRecord>> GetVoteHistoryAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ReadAsync("read the vote history", (connection, token) => ReviewTable.VoteHistoryAsync(connection, run, token), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The author is empty or white space.</exception>
    public Task AddReviewAsync(string run, ReviewEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Author, nameof(entry));
        return WriteAsync("record a decision or note", (connection, transaction, token) => ReviewTable.AddAsync(connection, transaction, run, entry, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReviewEntry>> GetReviewsAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ReadAsync("read decisions and notes", (connection, token) => ReviewTable.ListAsync(connection, run, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertRecord>> GetAlertsAsync(IReadOnlyCollection<string> runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return ReadAsync("read alerts", (connection, token) => AlertTable.AlertsAsync(connection, runs, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAlertsAsync(IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return WriteAsync("save alerts", (connection, transaction, token) => AlertTable.SaveAlertsAsync(connection, transaction, alerts, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, AlertDelivery>> GetDeliveriesAsync(string destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return ReadAsync("read alert deliveries", (connection, token) => AlertTable.DeliveriesAsync(connection, destination, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveDeliveryAsync(AlertDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return WriteAsync("record an alert delivery", (connection, transaction, token) => AlertTable.SaveDeliveryAsync(connection, transaction, delivery, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task AddSilenceAsync(Silence silence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silence);
        return WriteAsync("add a silence", (connection, transaction, token) => AlertTable.AddSilenceAsync(connection, transaction, silence, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Silence>> GetSilencesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("read silences", AlertTable.SilencesAsync, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ExpireSilenceAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync("expire a silence", (connection, transaction, token) => AlertTable.ExpireSilenceAsync(connection, transaction, id, at, token), cancellationToken);
    }

    /// <summary>Closes this instance's idle connections. Idempotent; other instances on the same file keep working.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _database.ReleaseConnections();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<T> ReadAsync<T>(string operation, Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex)
        {
            throw StoreErrors.Operation(_database.Path, operation, ex);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            throw StoreErrors.Damaged(_database.Path, operation, ex);
        }
    }

    private async Task<T> WriteAsync<T>(
        string operation, Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // BEGIN IMMEDIATE: a deferred transaction that later needs the write lock cannot
                // wait for it in WAL mode (SQLITE_BUSY_SNAPSHOT), so two writers would fail
                // instead of queueing.
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                transaction.Commit();
                return result;
            }
        }
        catch (Exception ex) when (ex is SqliteException or FormatException)
        {
            // FormatException: a value that cannot be stored, such as an undefined category.
            throw StoreErrors.Operation(_database.Path, operation, ex);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Exceptions from reading a row that mean a stored value is not what this build writes.</summary>
    private static bool IsDamage(Exception exception) =>
        exception is System.Text.Json.JsonException or InvalidCastException or OverflowException or FormatException or ArgumentOutOfRangeException;
}
