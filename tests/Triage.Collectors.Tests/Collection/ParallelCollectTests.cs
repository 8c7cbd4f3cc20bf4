using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.Collection;
using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Support;
using Triage.Storage;
using Triage.Storage.Embedded;

namespace Triage.Collectors.Tests.Collection;

/// <summary>Files of one run extracted in parallel: the same symptoms and checkpoints as one by one, and resumable.</summary>
public sealed class ParallelCollectTests : IDisposable
{
    private static readonly ExtractionLimits SmallLimits = new() { ChunkBytes = 4096, MaxLineBytes = 1024, BatchSymptoms = 7, CheckpointBytes = 16_384 };
    private readonly TempDir _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

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
        Assert.Equal(one.SymptomsNew, four.SymptomsNew);
        Assert.Equal(one.SymptomsFound, four.SymptomsFound);
        Assert.Equal(one.BytesRead, four.BytesRead);
        Assert.Equal(one.LinesRead, four.LinesRead);
        Assert.Equal(await RunCollectorTests.AllIdsAsync(serial), await RunCollectorTests.AllIdsAsync(parallel));
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
        var expected = await RunCollectorTests.AllIdsAsync(clean);

        await using var resumed = await OpenStoreAsync("resumed.db");
        var random = new Random(seed);
        var interruptions = 0;
        while (true)
        {
            using var cts = new CancellationTokenSource();
            var flaky = new CancellingStore(resumed, cts, cancelAtAppend: random.Next(1, 60), afterCommit: random.Next(2) == 0);
            if (random.Next(3) == 0)
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(random.Next(1, 30)));
            }

            try
            {
                await Collector(flaky).CollectAsync(dir, new CollectOptions { Run = "r", MaxParallelism = 4 }, cancellationToken: cts.Token);
                break;
            }
            catch (OperationCanceledException)
            {
                interruptions++;
            }
        }

        Assert.True(interruptions > 0, "the test never interrupted the collection");
        Assert.Equal(expected, await RunCollectorTests.AllIdsAsync(resumed));
        Assert.Equal(await CheckpointsAsync(clean), await CheckpointsAsync(resumed));
    }

    private static async Task<List<string>> CheckpointsAsync(ISymptomStore store) =>
        (await store.GetCheckpointsAsync("r")).Select(c => $"{c.Path} {c.SourceId} {c.Offset} {c.Line} {c.Complete}").Order(StringComparer.Ordinal).ToList();

    private RunCollector Collector(ISymptomStore store) => new(store, TestRules.Minimal, _time, limits: SmallLimits);

    private async Task<SqliteSymptomStore> OpenStoreAsync(string name) => await SqliteSymptomStore.OpenAsync(_temp.File("store/" + name), _time);
}
