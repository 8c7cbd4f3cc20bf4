using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.Collection;
using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Support;
using Triage.Storage;
using Triage.Storage.Embedded;

namespace Triage.Collectors.Tests.Collection;

public sealed class RunCollectorTests : IDisposable
{
    private static readonly ExtractionLimits SmallLimits = new() { ChunkBytes = 4096, MaxLineBytes = 1024, BatchSymptoms = 7, CheckpointBytes = 16_384 };
    private readonly TempDir _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CollectAsync_SyntheticRun_FindsEveryFailureLine()
    {
        var run = _temp.File("run/.keep");
        var dir = Path.GetDirectoryName(run)!;
        SyntheticRun.Write(dir, seed: 1);
        await using var store = await OpenStoreAsync("a.db");

        var result = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var xidLines = Directory.GetFiles(dir, "kern.log", SearchOption.AllDirectories).Sum(f => File.ReadLines(f).Count(l => l.Contains("NVRM: Xid", StringComparison.Ordinal)));
        var gzLines = 500;
        var slurm = File.ReadAllLines(Path.Combine(dir, "slurm-1234.out"));
        var timeouts = slurm.Count(l => l.Contains("Watchdog caught", StringComparison.Ordinal));
        var tracebacks = slurm.Count(l => l.Contains("Traceback", StringComparison.Ordinal));
        Assert.Equal(xidLines + gzLines, await store.CountAsync(new SymptomFilter { Kinds = ["gpu.xid"] }));
        Assert.Equal(timeouts, await store.CountAsync(new SymptomFilter { Kinds = ["nccl.timeout"] }));
        Assert.Equal(tracebacks, await store.CountAsync(new SymptomFilter { Kinds = ["py.exception"] }));
        Assert.Equal(result.SymptomsNew, await store.CountAsync(SymptomFilter.All));
        Assert.Equal(0, result.Failures);
    }

    [Fact]
    public async Task CollectAsync_RunMetadata_FromTheSameWalkAndUnusableFilesRecordedOnce()
    {
        var dir = Directory.CreateDirectory(_temp.File("meta-run")).FullName;
        File.WriteAllText(Path.Combine(dir, "topology.csv"), "host,rack\nnode-001,r1\n");
        File.WriteAllText(Path.Combine(dir, "run.yaml"), "name: only a name\n");
        File.WriteAllText(Path.Combine(dir, "node-001.log"), "hello\n");
        await using var store = await OpenStoreAsync("a.db");

        var first = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });
        var second = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.Equal("r1", first.Inputs.Topology!.Attribute("node-001", "rack"));
        Assert.Null(first.Inputs.Facts);
        Assert.Equal(1, first.Skipped);
        var failure = Assert.Single(await store.GetFailuresAsync("r"));
        Assert.Equal("run.yaml", failure.Path);
        Assert.Equal(CollectorFailureKind.Skipped, failure.Kind);
        Assert.StartsWith("run metadata not used: no world_size", failure.Reason, StringComparison.Ordinal);
        Assert.NotNull(second.Inputs.Topology);
    }

    [Fact]
    public async Task CollectAsync_Twice_SecondPassAddsNothing()
    {
        var dir = Directory.CreateDirectory(_temp.File("run")).FullName;
        SyntheticRun.Write(dir, seed: 2);
        await using var store = await OpenStoreAsync("a.db");
        var first = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var second = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.True(first.SymptomsNew > 100);
        Assert.Equal(0, second.SymptomsNew);
        Assert.Equal(0, second.BytesRead);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public async Task CollectAsync_CancelledAtRandomPointsThenResumed_EqualsCleanPass(int seed)
    {
        var dir = Directory.CreateDirectory(_temp.File("run")).FullName;
        SyntheticRun.Write(dir, seed);
        await using var clean = await OpenStoreAsync("clean.db");
        await Collector(clean).CollectAsync(dir, new CollectOptions { Run = "r" });
        var expected = await AllIdsAsync(clean);

        await using var resumed = await OpenStoreAsync("resumed.db");
        var interruptions = await CollectWithInterruptionsAsync(dir, resumed, seed, maxAppend: 40, workers: 0);

        var actual = await AllIdsAsync(resumed);
        Assert.True(interruptions > 0, "the test never interrupted the collection");
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task CollectAsync_FileGrows_ReadsOnlyTheNewLines()
    {
        var log = _temp.File("run/node-001/kern.log");
        await File.WriteAllTextAsync(log, "Mar 21 01:00:00 node-001 kernel: NVRM: Xid (PCI:0000:3b:00): 79, pid=1, name=python\npartial line without newline NVRM: Xid (PCI:0000:3b:00): 48");
        await using var store = await OpenStoreAsync("a.db");
        var options = new CollectOptions { Run = "r" };
        await Collector(store).CollectAsync(Path.GetDirectoryName(Path.GetDirectoryName(log))!, options);

        await File.AppendAllTextAsync(log, ", pid=2, name=python\nMar 21 01:00:02 node-001 kernel: NVRM: Xid (PCI:0000:3b:00): 31, pid=3, name=python\n");
        var second = await Collector(store).CollectAsync(Path.GetDirectoryName(Path.GetDirectoryName(log))!, options);

        var all = (await store.QueryAsync(SymptomFilter.All, new SymptomPageRequest { Size = 100 })).Items;
        Assert.Equal(["xid-31", "xid-48", "xid-79"], all.Select(s => s.Signature).Order(StringComparer.Ordinal));
        Assert.Equal([1L, 2L, 3L], all.Select(s => s.Source.Line).Order());
        Assert.True(second.BytesRead < new FileInfo(log).Length);
    }

    [Fact]
    public async Task CollectAsync_FileTruncatedAndRewritten_ReadsItAgainWithNewIds()
    {
        var log = _temp.File("run/a.log");
        await File.WriteAllTextAsync(log, string.Concat(Enumerable.Repeat("filler line that makes the file long enough\n", 40)) + "NVRM: Xid (PCI:0000:3b:00): 79, pid=1\n");
        await using var store = await OpenStoreAsync("a.db");
        var dir = Path.GetDirectoryName(log)!;
        await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        await File.WriteAllTextAsync(log, "NVRM: Xid (PCI:0000:3b:00): 48, pid=1\n");
        await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var signatures = (await store.QueryAsync(SymptomFilter.All, new SymptomPageRequest())).Items.Select(s => s.Signature).Order(StringComparer.Ordinal);
        Assert.Equal(["xid-48", "xid-79"], signatures);
    }

    [Fact]
    public async Task CollectAsync_RotatedFile_KeepsItsCheckpointAndAddsNoDuplicates()
    {
        var (root, log) = await WriteKernLogAsync();
        await using var store = await OpenStoreAsync("a.db");
        await Collector(store).CollectAsync(root, new CollectOptions { Run = "r" });

        // logrotate: the old file grows a little more, is renamed, and a new file starts.
        await File.AppendAllTextAsync(log, "Mar 21 01:00:02 node-001 kernel: NVRM: Xid (PCI:0000:3b:00): 48, pid=1\n");
        File.Move(log, log + ".1");
        await File.WriteAllTextAsync(log, "Mar 21 01:00:03 node-001 kernel: NVRM: Xid (PCI:0000:3b:00): 31, pid=1\n");
        await Collector(store).CollectAsync(root, new CollectOptions { Run = "r" });

        var all = (await store.QueryAsync(SymptomFilter.All, new SymptomPageRequest())).Items;
        Assert.Equal(["xid-31", "xid-48", "xid-79"], all.Select(s => s.Signature).Order(StringComparer.Ordinal));
        Assert.Equal("node-001/kern.log.1", all.Single(s => s.Signature == "xid-48").Source.Path);
    }

    [Fact]
    public async Task CollectAsync_RotatedWithNothingNew_StaysDeduplicatedOverLaterCollections()
    {
        var (root, log) = await WriteKernLogAsync();
        await using var store = await OpenStoreAsync("a.db");
        await Collector(store).CollectAsync(root, new CollectOptions { Run = "r" });

        File.Move(log, log + ".1");
        await Collector(store).CollectAsync(root, new CollectOptions { Run = "r" });
        var third = await Collector(store).CollectAsync(root, new CollectOptions { Run = "r" });

        Assert.Equal(1, await store.CountAsync(SymptomFilter.All));
        Assert.Equal(0, third.SymptomsFound);
        Assert.Equal(["node-001/kern.log.1"], (await store.GetCheckpointsAsync("r")).Select(c => c.Path));
    }

    [Fact]
    public async Task CollectAsync_DamagedCoreAndGarbage_AreRecordedNotFatal()
    {
        var dir = Directory.CreateDirectory(_temp.File("run")).FullName;
        var core = new byte[64];
        "\u007fELF"u8.CopyTo(core);
        core[16] = 4;
        await File.WriteAllBytesAsync(Path.Combine(dir, "core.12345"), core);
        await File.WriteAllBytesAsync(Path.Combine(dir, "blob.bin"), [0, 1, 2, 3, 0, 0, 255]);
        await File.WriteAllTextAsync(Path.Combine(dir, "ok.log"), "NVRM: Xid (PCI:0000:3b:00): 79, pid=1\n");
        await using var store = await OpenStoreAsync("a.db");

        var result = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var failures = await store.GetFailuresAsync("r");
        Assert.Equal(1, result.Skipped);
        Assert.Equal(1, result.Failures);
        Assert.Contains(failures, f => f.Path == "core.12345" && f.Kind == CollectorFailureKind.Damaged && f.Reason.Contains("ELF", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Path == "blob.bin" && f.Kind == CollectorFailureKind.Skipped);
        Assert.Equal(1, await store.CountAsync(SymptomFilter.All));
    }

    [Fact]
    public async Task CollectAsync_TruncatedGzip_KeepsWhatDecodesAndRecordsDamage()
    {
        var dir = Directory.CreateDirectory(_temp.File("run")).FullName;
        using (var buffer = new MemoryStream())
        {
            await using (var gz = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var random = new Random(5);
                for (var i = 0; i < 20_000; i++)
                {
                    await gz.WriteAsync(Encoding.UTF8.GetBytes($"line {i} {random.Next()} NVRM: Xid (PCI:0000:3b:00): 79, pid={i}\n"));
                }
            }

            await File.WriteAllBytesAsync(Path.Combine(dir, "old.log.gz"), buffer.ToArray().AsSpan(0, (int)(buffer.Length / 2)).ToArray());
        }

        await using var store = await OpenStoreAsync("a.db");

        var result = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var count = await store.CountAsync(SymptomFilter.All);
        Assert.InRange(count, 1000, 19_999);
        Assert.Equal(1, result.Failures);
        Assert.Contains(await store.GetFailuresAsync("r"), f => f.Kind == CollectorFailureKind.Damaged && f.Path == "old.log.gz");
    }

    [Fact]
    public async Task CollectAsync_MissingDirectory_ThrowsTriageException()
    {
        await using var store = await OpenStoreAsync("a.db");

        var ex = await Assert.ThrowsAsync<TriageException>(() => Collector(store).CollectAsync(Path.Combine(_temp.Path, "nope"), new CollectOptions()));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectAsync_Follow_PicksUpAppendedLinesUntilCancelled()
    {
        var dir = Directory.CreateDirectory(_temp.File("run")).FullName;
        var log = Path.Combine(dir, "a.log");
        await File.WriteAllTextAsync(log, "NVRM: Xid (PCI:0000:3b:00): 79, pid=1\n");
        await using var store = await OpenStoreAsync("a.db");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var following = Collector(store).CollectAsync(dir, new CollectOptions { Run = "r", Follow = true, PollInterval = TimeSpan.FromSeconds(1) }, cancellationToken: cts.Token);

        await WaitForAsync(store, 1);
        await File.AppendAllTextAsync(log, "NVRM: Xid (PCI:0000:3b:00): 48, pid=1\n");
        while (await store.CountAsync(SymptomFilter.All) < 2 && !cts.IsCancellationRequested)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await cts.CancelAsync();
        var result = await following;

        Assert.Equal(2, result.SymptomsNew);
    }

    /// <summary>A run with node-001/kern.log: a header long enough to fingerprint, then one Xid 79.</summary>
    private async Task<(string Root, string Log)> WriteKernLogAsync()
    {
        var log = _temp.File("run/node-001/kern.log");
        var header = string.Concat(Enumerable.Repeat("Mar 21 01:00:00 node-001 kernel: boot noise line\n", 5));
        await File.WriteAllTextAsync(log, header + "Mar 21 01:00:01 node-001 kernel: NVRM: Xid (PCI:0000:3b:00): 79, pid=1\n");
        return (Path.Combine(_temp.Path, "run"), log);
    }

    [Fact]
    public async Task CollectAsync_OneAndFourWorkers_SameIdsAndCheckpoints()
    {
        var dir = Directory.CreateDirectory(_temp.File("run")).FullName;
        SyntheticRun.Write(dir, seed: 21, nodes: 6);
        await using var serial = await OpenStoreAsync("serial.db");
        await using var parallel = await OpenStoreAsync("parallel.db");

        var one = await Collector(serial).CollectAsync(dir, new CollectOptions { Run = "r", MaxParallelism = 1 });
        var four = await Collector(parallel).CollectAsync(dir, new CollectOptions { Run = "r", MaxParallelism = 4 });

        Assert.True(one.SymptomsNew > 100);
        Assert.Equal((one.SymptomsNew, one.SymptomsFound, one.BytesRead, one.LinesRead), (four.SymptomsNew, four.SymptomsFound, four.BytesRead, four.LinesRead));
        Assert.Equal(await AllIdsAsync(serial), await AllIdsAsync(parallel));
        Assert.Equal(await CheckpointsAsync(serial), await CheckpointsAsync(parallel));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(34)]
    public async Task CollectAsync_ParallelCancelledAtRandomPointsThenResumed_EqualsCleanSerialPass(int seed)
    {
        var dir = Directory.CreateDirectory(_temp.File("run")).FullName;
        SyntheticRun.Write(dir, seed, nodes: 6);
        await using var clean = await OpenStoreAsync("clean.db");
        await Collector(clean).CollectAsync(dir, new CollectOptions { Run = "r", MaxParallelism = 1 });
        await using var resumed = await OpenStoreAsync("resumed.db");

        var interruptions = await CollectWithInterruptionsAsync(dir, resumed, seed, maxAppend: 60, workers: 4);

        Assert.True(interruptions > 0, "the test never interrupted the collection");
        Assert.Equal(await AllIdsAsync(clean), await AllIdsAsync(resumed));
        Assert.Equal(await CheckpointsAsync(clean), await CheckpointsAsync(resumed));
    }

    private static async Task<List<string>> CheckpointsAsync(ISymptomStore store) =>
        (await store.GetCheckpointsAsync("r")).Select(c => $"{c.Path} {c.SourceId} {c.Offset} {c.Line} {c.Complete}").Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Collects until one pass completes, cancelling at a random store write (before or after it
    /// commits) or after a random delay; returns how many passes were interrupted.
    /// </summary>
    private async Task<int> CollectWithInterruptionsAsync(string dir, ISymptomStore store, int seed, int maxAppend, int workers)
    {
        var random = new Random(seed);
        var interruptions = 0;
        while (true)
        {
            using var cts = new CancellationTokenSource();
            var flaky = new CancellingStore(store, cts, cancelAtAppend: random.Next(1, maxAppend), afterCommit: random.Next(2) == 0);
            if (random.Next(3) == 0)
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(random.Next(1, 30)));
            }

            try
            {
                await Collector(flaky).CollectAsync(dir, new CollectOptions { Run = "r", MaxParallelism = workers }, cancellationToken: cts.Token);
                return interruptions;
            }
            catch (OperationCanceledException)
            {
                interruptions++;
            }
        }
    }

    private static async Task WaitForAsync(ISymptomStore store, long count)
    {
        for (var i = 0; i < 500 && await store.CountAsync(SymptomFilter.All) < count; i++)
        {
            await Task.Delay(20);
        }
    }

    private RunCollector Collector(ISymptomStore store) => new(store, TestRules.Minimal, _time, limits: SmallLimits);

    private async Task<SqliteSymptomStore> OpenStoreAsync(string name) => await SqliteSymptomStore.OpenAsync(_temp.File("store/" + name), _time);

    private static async Task<List<string>> AllIdsAsync(ISymptomStore store)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync(SymptomFilter.All, new SymptomPageRequest { Size = 1000, Cursor = cursor });
            ids.AddRange(page.Items.Select(s => s.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }
}
