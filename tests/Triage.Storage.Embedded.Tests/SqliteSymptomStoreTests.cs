using Microsoft.Data.Sqlite;

namespace Triage.Storage.Embedded.Tests;

public sealed class SqliteSymptomStoreTests
{
    [Fact]
    public async Task OpenAsync_MissingDirectory_CreatesDirectoryAndWalFile()
    {
        await using var temp = TempStore.CreateEmpty();
        Assert.False(Directory.Exists(temp.Directory));

        await temp.OpenAsync();

        Assert.True(File.Exists(temp.FilePath));
        Assert.Equal("wal", await ScalarAsync(temp.FilePath, "PRAGMA journal_mode;"));
        Assert.Equal((long)StoreSchema.CurrentVersion, await ScalarAsync(temp.FilePath, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task OpenAsync_ExistingStore_KeepsItsSymptoms()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.AppendAsync(TestSymptoms.Range(0, 10));

        var second = await temp.OpenAsync();

        Assert.Equal(10, await second.CountAsync(SymptomFilter.All));
    }

    [Fact]
    public async Task OpenAsync_FileIsNotADatabase_ThrowsStoreExceptionNamingPath()
    {
        await using var temp = TempStore.CreateEmpty();
        Directory.CreateDirectory(temp.Directory);
        await File.WriteAllTextAsync(temp.FilePath, "this is a log file, not a database\n" + new string('x', 4096));

        var error = await Assert.ThrowsAsync<StoreException>(() => temp.OpenAsync());

        Assert.Contains(temp.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(ExitCodes.StoreError, error.ExitCode);
    }

    [Fact]
    public async Task OpenAsync_NewerSchemaVersion_ThrowsStoreException()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.DisposeAsync();
        await ExecuteAsync(temp.FilePath, "PRAGMA user_version=99;");

        var error = await Assert.ThrowsAsync<StoreException>(() => temp.OpenAsync());

        Assert.Contains(temp.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_AnotherApplicationsDatabase_ThrowsStoreExceptionAndLeavesItAlone()
    {
        await using var temp = TempStore.CreateEmpty();
        Directory.CreateDirectory(temp.Directory);
        await ExecuteAsync(temp.FilePath, "CREATE TABLE invoices (id INTEGER);");

        var error = await Assert.ThrowsAsync<StoreException>(() => temp.OpenAsync());

        Assert.Contains("another application", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(temp.FilePath, "SELECT count(*) FROM sqlite_schema;"));
    }

    [Fact]
    public async Task OpenAsync_LockedBeyondBusyTimeout_ThrowsStoreException()
    {
        await using var temp = TempStore.CreateEmpty();
        Directory.CreateDirectory(temp.Directory);
        await using var holder = new SqliteConnection($"Data Source={temp.FilePath};Pooling=false");
        await holder.OpenAsync();
        using (var create = holder.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (x); PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);";
            await create.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StoreException>(() => temp.OpenAsync(TimeSpan.FromMilliseconds(200)));

        Assert.Contains(temp.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("locked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_DirectoryIsAFile_ThrowsStoreException()
    {
        await using var temp = TempStore.CreateEmpty();
        Directory.CreateDirectory(temp.Directory);
        var notADirectory = Path.Combine(temp.Directory, "file");
        await File.WriteAllTextAsync(notADirectory, "x");

        var error = await Assert.ThrowsAsync<StoreException>(
            () => SqliteSymptomStore.OpenAsync(Path.Combine(notADirectory, "store.db"), TimeProvider.System));

        Assert.Contains(notADirectory, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_SubMillisecondTimestamp_IsTruncatedToTheMillisecond()
    {
        await using var temp = await TempStore.CreateAsync();
        var symptom = TestSymptoms.Make(1) with { Timestamp = TestSymptoms.T0.AddTicks(12_345) };

        await temp.Store.AppendAsync([symptom]);

        Assert.Equal(TestSymptoms.T0.AddMilliseconds(1), (await temp.Store.GetAsync(symptom.Id))!.Timestamp);
    }

    [Fact]
    public async Task AppendAsync_CancelledMidway_LeavesNeitherSymptomsNorCheckpoint()
    {
        await using var temp = await TempStore.CreateAsync();
        using var cancellation = new CancellationTokenSource();
        var batch = new CancellingList(TestSymptoms.Range(0, 5000), cancelAtIndex: 2500, cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => temp.Store.AppendAsync(batch, TestCheckpoints.Make("logs/a.log", offset: 1), cancellation.Token));

        Assert.True(batch.Cancelled);
        Assert.Equal(0, await temp.Store.CountAsync(SymptomFilter.All));
        Assert.Empty(await temp.Store.GetCheckpointsAsync("run-a"));
    }

    [Fact]
    public async Task AppendAsync_InvalidSymptomMidway_ThrowsStoreExceptionAndLeavesNothing()
    {
        await using var temp = await TempStore.CreateAsync();
        var batch = TestSymptoms.Range(0, 1000);
        batch[700] = batch[700] with { Message = null! };

        var error = await Assert.ThrowsAsync<StoreException>(
            () => temp.Store.AppendAsync(batch, TestCheckpoints.Make("logs/a.log", offset: 1)));

        Assert.Contains(temp.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains(batch[700].Id, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await temp.Store.CountAsync(SymptomFilter.All));
        Assert.Empty(await temp.Store.GetCheckpointsAsync("run-a"));
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsIdempotentAndLaterCallsThrowObjectDisposed()
    {
        await using var temp = await TempStore.CreateAsync();

        await temp.Store.DisposeAsync();
        await temp.Store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => temp.Store.CountAsync(SymptomFilter.All));
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static Task ExecuteAsync(string path, string sql) => ScalarAsync(path, sql);
}
