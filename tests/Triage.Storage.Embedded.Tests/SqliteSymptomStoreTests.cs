using Microsoft.Data.Sqlite;
using Triage.Symptoms;

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
    public async Task AppendAsync_SameIdsTwice_SecondReturnsZeroAndCountIsUnchanged()
    {
        await using var temp = await TempStore.CreateAsync();
        var batch = TestSymptoms.Range(0, 500);

        var first = await temp.Store.AppendAsync(batch);
        var second = await temp.Store.AppendAsync(batch);
        var overlapping = await temp.Store.AppendAsync(TestSymptoms.Range(400, 200));

        Assert.Equal(500, first);
        Assert.Equal(0, second);
        Assert.Equal(100, overlapping);
        Assert.Equal(600, await temp.Store.CountAsync(SymptomFilter.All));
    }

    [Fact]
    public async Task AppendAsync_IdAlreadyStored_KeepsTheStoredSymptom()
    {
        await using var temp = await TempStore.CreateAsync();
        var original = TestSymptoms.Make(1);
        await temp.Store.AppendAsync([original]);

        await temp.Store.AppendAsync([original with { Message = "changed" }]);

        SymptomAssert.Equal(original, await temp.Store.GetAsync(original.Id));
    }

    [Fact]
    public async Task AppendAsync_EveryField_RoundTrips()
    {
        await using var temp = await TempStore.CreateAsync();
        var full = new Symptom
        {
            Id = "s-full",
            Timestamp = new DateTimeOffset(2026, 5, 2, 5, 14, 7, 123, TimeSpan.FromHours(2)),
            TimeInferred = true,
            Run = "run-ü",
            Host = "node-017",
            Rank = int.MaxValue,
            LocalRank = 0,
            Gpu = -1,
            Pid = int.MinValue,
            Kind = "gpu.xid",
            Category = SymptomCategory.Hardware,
            Severity = Severity.Critical,
            Signature = "xid-79",
            Message = "NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus.",
            Source = new SymptomSource("kern/node-017.log", long.MaxValue, 1L << 40),
            Rule = "gpu.xid.79",
            Attrs = new Dictionary<string, string> { ["xid"] = "79", ["pci"] = "0000:3b:00", ["empty"] = string.Empty },
        };
        var minimal = new Symptom
        {
            Id = "s-minimal",
            Run = "r",
            Kind = "log.unknown",
            Signature = string.Empty,
            Message = string.Empty,
            Source = new SymptomSource(string.Empty, 0, 0),
            Rule = string.Empty,
        };

        await temp.Store.AppendAsync([full, minimal]);

        SymptomAssert.Equal(full, await temp.Store.GetAsync("s-full"));
        SymptomAssert.Equal(minimal, await temp.Store.GetAsync("s-minimal"));
        Assert.Equal(TimeSpan.Zero, (await temp.Store.GetAsync("s-full"))!.Timestamp!.Value.Offset);
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
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await using var temp = await TempStore.CreateAsync();

        Assert.Null(await temp.Store.GetAsync("s-missing"));
    }

    [Fact]
    public async Task AppendAsync_WithCheckpoint_SavesItStampedByTheStoreClock()
    {
        await using var temp = await TempStore.CreateAsync();
        var checkpoint = Checkpoint("logs/a.log", offset: 4096);

        await temp.Store.AppendAsync(TestSymptoms.Range(0, 3), checkpoint);

        var saved = Assert.Single(await temp.Store.GetCheckpointsAsync("run-a"));
        Assert.Equal(checkpoint with { UpdatedAt = temp.Clock.GetUtcNow() }, saved);
    }

    [Fact]
    public async Task AppendAsync_SameCheckpointPathAgain_ReplacesIt()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.AppendAsync([], Checkpoint("logs/a.log", offset: 10));
        temp.Clock.Advance(TimeSpan.FromMinutes(1));

        await temp.Store.AppendAsync([], Checkpoint("logs/a.log", offset: 20) with { Complete = true, LastTimestamp = null });

        var saved = Assert.Single(await temp.Store.GetCheckpointsAsync("run-a"));
        Assert.Equal(20, saved.Offset);
        Assert.True(saved.Complete);
        Assert.Null(saved.LastTimestamp);
        Assert.Equal(temp.Clock.GetUtcNow(), saved.UpdatedAt);
    }

    [Fact]
    public async Task AppendAsync_CancelledMidway_LeavesNeitherSymptomsNorCheckpoint()
    {
        await using var temp = await TempStore.CreateAsync();
        using var cancellation = new CancellationTokenSource();
        var batch = new CancellingList(TestSymptoms.Range(0, 5000), cancelAtIndex: 2500, cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => temp.Store.AppendAsync(batch, Checkpoint("logs/a.log", offset: 1), cancellation.Token));

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
            () => temp.Store.AppendAsync(batch, Checkpoint("logs/a.log", offset: 1)));

        Assert.Contains(temp.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains(batch[700].Id, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await temp.Store.CountAsync(SymptomFilter.All));
        Assert.Empty(await temp.Store.GetCheckpointsAsync("run-a"));
    }

    [Fact]
    public async Task DeleteCheckpointAsync_KeepsTheSymptomsAndOtherCheckpoints()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.AppendAsync(TestSymptoms.Range(0, 5), Checkpoint("logs/a.log", offset: 1));
        await temp.Store.AppendAsync([], Checkpoint("logs/b.log", offset: 1));

        await temp.Store.DeleteCheckpointAsync("run-a", "logs/a.log");

        Assert.Equal("logs/b.log", Assert.Single(await temp.Store.GetCheckpointsAsync("run-a")).Path);
        Assert.Equal(5, await temp.Store.CountAsync(SymptomFilter.All));
    }

    [Fact]
    public async Task RecordFailureAsync_SameRunPathAndReason_IsRecordedOnce()
    {
        await using var temp = await TempStore.CreateAsync();
        var failure = new CollectorFailure("run-a", "core.1", CollectorFailureKind.Damaged, "truncated", TestSymptoms.T0);

        await temp.Store.RecordFailureAsync(failure);
        await temp.Store.RecordFailureAsync(failure with { At = TestSymptoms.T0.AddHours(1), Kind = CollectorFailureKind.Failed });

        Assert.Equal(failure, Assert.Single(await temp.Store.GetFailuresAsync("run-a")));
    }

    [Fact]
    public async Task GetFailuresAsync_SeveralRuns_NewestFirstAndFilteredByRun()
    {
        await using var temp = await TempStore.CreateAsync();
        var old = new CollectorFailure("run-a", "a.log", CollectorFailureKind.Skipped, "binary file", TestSymptoms.T0);
        var newer = new CollectorFailure("run-a", "a.log", CollectorFailureKind.Failed, "gzip error", TestSymptoms.T0.AddMinutes(5));
        var other = new CollectorFailure("run-b", "b.log", CollectorFailureKind.Damaged, "line too long", TestSymptoms.T0.AddMinutes(1));
        foreach (var failure in new[] { old, other, newer })
        {
            await temp.Store.RecordFailureAsync(failure);
        }

        Assert.Equal([newer, old], await temp.Store.GetFailuresAsync("run-a"));
        Assert.Equal([newer, other, old], await temp.Store.GetFailuresAsync(null));
    }

    [Fact]
    public async Task GetRunsAsync_SymptomsCheckpointsAndFailures_SummarisesEachRunByName()
    {
        await using var temp = await TempStore.CreateAsync();
        var runB = TestSymptoms.Range(0, 20, run: "run-b");
        await temp.Store.AppendAsync(runB, Checkpoint("x.log", 1) with { Run = "run-b" });
        await temp.Store.AppendAsync([], Checkpoint("y.log", 1) with { Run = "run-b" });
        await temp.Store.RecordFailureAsync(new CollectorFailure("run-c", "c.log", CollectorFailureKind.Failed, "unreadable", TestSymptoms.T0));
        await temp.Store.AppendAsync([TestSymptoms.Make(10, run: "run-a")]);

        var runs = await temp.Store.GetRunsAsync();

        var timed = runB.Where(s => s.Timestamp is not null).Select(s => s.Timestamp!.Value).ToArray();
        Assert.Equal(
            [
                new RunSummary("run-a", 1, 0, 0, null, null),
                new RunSummary("run-b", 20, 2, 0, timed.Min(), timed.Max()),
                new RunSummary("run-c", 0, 0, 1, null, null),
            ],
            runs);
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsIdempotentAndLaterCallsThrowObjectDisposed()
    {
        await using var temp = await TempStore.CreateAsync();

        await temp.Store.DisposeAsync();
        await temp.Store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => temp.Store.CountAsync(SymptomFilter.All));
    }

    private static SourceCheckpoint Checkpoint(string path, long offset) => new()
    {
        Run = "run-a",
        Path = path,
        SourceId = "src-" + path,
        Fingerprint = "fp-123",
        Offset = offset,
        Line = offset / 10,
        LastTimestamp = TestSymptoms.T0,
        Complete = false,
    };

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
