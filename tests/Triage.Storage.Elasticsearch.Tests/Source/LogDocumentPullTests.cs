using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.Extraction;
using Triage.Rules;
using Triage.Storage.Elasticsearch.Tests.Support;
using Triage.Storage.Embedded;
using Triage.Testing;

namespace Triage.Storage.Elasticsearch.Tests.Source;

/// <summary>
/// Shipped log documents (real log lines, as Filebeat stores them) pulled through the file
/// extraction rules into a store, and a pull interrupted after its first page then resumed.
/// </summary>
public sealed class LogDocumentPullTests : IAsyncLifetime
{
    private const string Rank0 = "/var/log/train/rank0.log";
    private const string Rank3 = "/var/log/train/rank3.log";
    private const string Kern = "/var/log/kern.log";
    private const string Watchdog = "[E ProcessGroupNCCL.cpp:475] [Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=469508, OpType=ALLREDUCE, Timeout(ms)=1800000) ran for 1802212 milliseconds before timing out.";
    private const string Xid = "NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.";
    private static readonly DateTimeOffset T0 = new(2026, 5, 2, 2, 59, 0, TimeSpan.Zero);
    private static readonly RuleSet Rules = RuleSet.LoadDirectory(TestRepository.Rules);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "triage-es-pull-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(FakeStore.Now);
    private readonly ShippedLogs _logs = new();

    public Task InitializeAsync()
    {
        // A traceback split over four documents, opened on the first page and ended on the third,
        // interleaved with a watchdog timeout from another rank and an Xid from another host.
        _logs.Add(T0, "node-a", Rank0, 0, "Traceback (most recent call last):");
        _logs.Add(T0.AddSeconds(1), "node-a", Rank3, 4096, Watchdog);
        _logs.Add(T0.AddSeconds(2), "node-a", Rank0, 35, "  File \"train.py\", line 88, in <module>");
        _logs.Add(T0.AddSeconds(3), "node-b", Kern, null, Xid);
        _logs.Add(T0.AddSeconds(4), "node-a", Rank0, 76, "    main()");
        _logs.Add(T0.AddSeconds(5), "node-a", Rank0, 87, "KeyboardInterrupt");
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RunAsync_ShippedRealLines_BecomeSymptomsWithTheDocumentsHostTimeAndPath()
    {
        await using var target = await SqliteSymptomStore.OpenAsync(Path.Combine(_dir, "a.db"), _clock);

        var result = await PullAsync(target, pageSize: 2, CancellationToken.None);

        Assert.Equal(new LogPullResult("run-es", 6, 3, 3), result);
        var symptoms = (await target.QueryAsync(new SymptomFilter { Run = "run-es" }, new SymptomPageRequest { Size = 100 })).Items;
        var timeout = Assert.Single(symptoms, s => s.Kind == "nccl.timeout");
        Assert.Equal(("node-a", 3, T0.AddSeconds(1), Rank3, 4096L), (timeout.Host, timeout.Rank, timeout.Timestamp, timeout.Source.Path, timeout.Source.Offset));
        var xid = Assert.Single(symptoms, s => s.Kind == "gpu.xid");
        Assert.Equal(("node-b", T0.AddSeconds(3), Kern, "79"), (xid.Host, xid.Timestamp, xid.Source.Path, xid.Attrs["xid"]));
        var traceback = Assert.Single(symptoms, s => s.Kind == "py.exception");
        Assert.Equal(("node-a", T0, Rank0, 0L), (traceback.Host, traceback.Timestamp, traceback.Source.Path, traceback.Source.Offset));
        Assert.Equal("KeyboardInterrupt @ train.py:<module>", traceback.Signature);
        Assert.Equal("train.py:88", traceback.Attrs["location"]);
        var checkpoint = Assert.Single(await target.GetCheckpointsAsync("run-es"));
        Assert.Equal(("es:filebeat-*", T0.AddSeconds(5), 6L), (checkpoint.Path, checkpoint.LastTimestamp, checkpoint.Offset));
    }

    [Fact]
    public async Task RunAsync_InterruptedAfterTheFirstPageThenResumed_StoresEverySymptomOnce()
    {
        await using var whole = await SqliteSymptomStore.OpenAsync(Path.Combine(_dir, "whole.db"), _clock);
        await PullAsync(whole, pageSize: 2, CancellationToken.None);
        await using var target = await SqliteSymptomStore.OpenAsync(Path.Combine(_dir, "resumed.db"), _clock);
        using var interrupt = new CancellationTokenSource();
        var before = _logs.Searches;
        _logs.OnSearch = n =>
        {
            if (n == before + 2)
            {
                interrupt.Cancel(); // the first pull's second page: after the first page was stored
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PullAsync(target, pageSize: 2, interrupt.Token));
        var first = Assert.Single(await target.GetCheckpointsAsync("run-es"));
        var storedFirst = await target.CountAsync(new SymptomFilter { Run = "run-es" });
        _logs.OnSearch = _ => { };
        var resumed = await PullAsync(target, pageSize: 2, CancellationToken.None);

        // The traceback was still open after the first page: the checkpoint goes back to its start.
        Assert.Equal(T0, first.LastTimestamp);
        Assert.Equal(1, storedFirst);
        Assert.Equal(2, resumed.SymptomsNew);
        Assert.Equal(await IdsAsync(whole), await IdsAsync(target));
        Assert.Equal(3, await target.CountAsync(new SymptomFilter { Run = "run-es" }));
    }

    [Fact]
    public async Task RunAsync_AgainWithNothingNew_StoresNothingTwice()
    {
        await using var target = await SqliteSymptomStore.OpenAsync(Path.Combine(_dir, "again.db"), _clock);
        await PullAsync(target, pageSize: 4, CancellationToken.None);

        var again = await PullAsync(target, pageSize: 4, CancellationToken.None);

        Assert.Equal(0, again.SymptomsNew);
        Assert.Equal(3, await target.CountAsync(new SymptomFilter { Run = "run-es" }));
    }

    private static async Task<List<string>> IdsAsync(ISymptomStore store) =>
        (await store.QueryAsync(new SymptomFilter { Run = "run-es" }, new SymptomPageRequest { Size = 100 })).Items.Select(s => s.Id).Order(StringComparer.Ordinal).ToList();

    private async Task<LogPullResult> PullAsync(ISymptomStore target, int pageSize, CancellationToken cancellationToken)
    {
        var (source, _) = await FakeStore.OpenAsync(_logs.Cluster);
        await using var _ = source;
        var extractor = new LogRecordExtractor(Rules, "run-es", FakeStore.Now);
        return await LogDocumentPull.RunAsync(source.LogSource("filebeat-*"), target, extractor, "run-es", pageSize, _clock, cancellationToken);
    }
}
