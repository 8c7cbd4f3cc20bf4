using Triage.Storage.Elasticsearch.Tests.Support;
using Triage.Storage.Embedded.Tests;

namespace Triage.Storage.Elasticsearch.Tests;

public sealed class BulkIngestTests
{
    [Fact]
    public async Task AppendAsync_429And503StormThenRecovery_StoresEverySymptomExactlyOnce()
    {
        var cluster = new FakeCluster
        {
            // Three whole-request rejections (both recorded 429 variants, then a 503), then two
            // answers where every third item is the recorded write-queue 429, then recovery.
            WholeRequestFailure = n => n switch { 0 or 1 => 429, 2 => 503, _ => null },
            ItemStatus = (n, i) => n is 3 or 4 && i % 3 == 0 ? 429 : 0,
        };
        var (store, delays) = await FakeStore.OpenAsync(cluster, maxBulkBytes: 40_000);
        await using var _ = store;
        var symptoms = TestSymptoms.Range(0, 300);

        var created = await store.AppendAsync(symptoms);

        Assert.Equal(300, created);
        Assert.Equal(symptoms.Select(s => s.Id).ToHashSet(StringComparer.Ordinal), cluster.Stored);
        Assert.All(cluster.Actions, a => Assert.Equal("create", a));
        Assert.True(delays.Count >= 5, $"expected a backoff per rejection, got {delays.Count}");
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)));
        Assert.All(cluster.BulkBodyBytes, b => Assert.True(b <= 40_000, $"bulk body of {b} bytes"));
        Assert.True(cluster.BulkBodyBytes.Count > 3 + 2, "the symptoms did not fit one batch");
    }

    [Fact]
    public async Task AppendAsync_SameSymptomsAgain_AreAlreadyStoredNotDuplicated()
    {
        var cluster = new FakeCluster();
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var __ = store;
        var symptoms = TestSymptoms.Range(0, 50);
        Assert.Equal(50, await store.AppendAsync(symptoms));

        var again = await store.AppendAsync([.. symptoms, .. TestSymptoms.Range(50, 5)]);

        Assert.Equal(5, again);
        Assert.Equal(55, cluster.Stored.Count);
    }

    [Fact]
    public async Task AppendAsync_RejectedBeyondRetries_ThrowsAndSavesNoCheckpoint()
    {
        var cluster = new FakeCluster { WholeRequestFailure = _ => 429 };
        var (store, delays) = await FakeStore.OpenAsync(cluster, maxRetries: 3);
        await using var _ = store;
        var checkpoint = new SourceCheckpoint { Run = "run-a", Path = "logs/a.log", SourceId = "s", Fingerprint = "f", Offset = 10, Line = 2 };

        var error = await Assert.ThrowsAsync<StoreException>(() => store.AppendAsync(TestSymptoms.Range(0, 10), checkpoint));

        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, cluster.BulkRequests);
        Assert.Equal(3, delays.Count);
        Assert.DoesNotContain(cluster.Requests, r => r.StartsWith("PUT /triage-checkpoints-default/_doc/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppendAsync_413_SplitsTheBatchAndStoresAll()
    {
        var cluster = new FakeCluster { WholeRequestFailure = n => n == 0 ? 413 : null };
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var __ = store;

        Assert.Equal(40, await store.AppendAsync(TestSymptoms.Range(0, 40)));

        Assert.Equal(3, cluster.BulkRequests);
        Assert.Equal(40, cluster.Stored.Count);
    }

    [Fact]
    public async Task AppendAsync_MappingError_DeadLettersWithReasonAndRecordsFailure()
    {
        var cluster = new FakeCluster { ItemStatus = (n, i) => n == 0 && i == 2 ? 400 : 0 };
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;
        var symptoms = TestSymptoms.Range(0, 5);

        Assert.Equal(4, await store.AppendAsync(symptoms));

        Assert.Equal(1, cluster.BulkRequests);
        Assert.Contains(cluster.Requests, r => r.StartsWith("PUT /triage-deadletter-default/_doc/", StringComparison.Ordinal));
        Assert.Contains(cluster.Requests, r => r.StartsWith("PUT /triage-failures-default/_create/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppendAsync_WithCheckpoint_SavesItAfterTheSymptoms()
    {
        var cluster = new FakeCluster();
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;
        var checkpoint = new SourceCheckpoint { Run = "run-a", Path = "logs/a.log", SourceId = "s", Fingerprint = "f", Offset = 10, Line = 2 };

        await store.AppendAsync(TestSymptoms.Range(0, 3), checkpoint);

        var bulk = cluster.Requests.FindIndex(r => r.StartsWith("POST /_bulk", StringComparison.Ordinal));
        var save = cluster.Requests.FindIndex(r => r.StartsWith("PUT /triage-checkpoints-default/_doc/", StringComparison.Ordinal));
        Assert.InRange(bulk, 0, save - 1);
    }

    [Fact]
    public void Batches_ByteBound_KeepsOrderAndBound()
    {
        var entries = Enumerable.Range(0, 10).Select(i => new BulkIngester.Entry(TestSymptoms.Make(i), new byte[100 + i])).ToList();
        var bound = (3 * entries[0].Bytes) + 25; // three entries fit, four never do

        var batches = BulkIngester.Batches(entries, bound).ToList();

        Assert.Equal(entries, batches.SelectMany(b => b));
        Assert.All(batches, b => Assert.True(b.Sum(e => e.Bytes) <= bound));
        Assert.Equal(4, batches.Count);
    }

    [Fact]
    public void DelayFor_GrowsExponentiallyWithJitterUpToTheCap()
    {
        var policy = new RetryPolicy(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), (_, _) => Task.CompletedTask, () => 1.0);
        var low = new RetryPolicy(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), (_, _) => Task.CompletedTask, () => 0.0);

        Assert.Equal(TimeSpan.FromMilliseconds(200), policy.DelayFor(0));
        Assert.Equal(TimeSpan.FromMilliseconds(800), policy.DelayFor(2));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayFor(10));
        Assert.Equal(TimeSpan.FromMilliseconds(400), low.DelayFor(2));
    }
}
