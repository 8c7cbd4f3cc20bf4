using Triage.Storage.Elasticsearch.Tests.Support;
using Triage.Storage.Embedded.Tests;

namespace Triage.Storage.Elasticsearch.Tests;

/// <summary>A pool of three stand-in nodes: the client's own failover when one dies.</summary>
public sealed class FailoverTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public async Task AppendAsync_NodeDiesMidBulk_OthersCarryOnAndEverySymptomIsStoredOnce(int major)
    {
        // The first node stores the second bulk's documents and dies before answering; the client
        // marks it dead, sends the same bulk to the next node (409 for what was stored), and the
        // rest goes to the two living nodes.
        using var cluster = new FakeCluster { Major = major, CrashAfterBulk = n => n == 1 };
        var (store, _) = await FakeStore.OpenAsync(cluster, maxBulkBytes: 20_000, nodes: 3);
        await using var _ = store;
        var nodes = cluster.Nodes(3);
        var symptoms = TestSymptoms.Range(0, 200);

        var created = await store.AppendAsync(symptoms);
        var again = await store.AppendAsync(symptoms);

        // The dead node's batch was stored before it died: its retry is answered 409 (already stored).
        Assert.InRange(created, 1, 199);
        Assert.Equal(0, again);
        Assert.Equal(symptoms.Select(s => s.Id).ToHashSet(StringComparer.Ordinal), cluster.Stored);
        Assert.Equal(200, cluster.Created); // every document created exactly once
        Assert.All(cluster.Actions, a => Assert.Equal("create", a));
        Assert.Single(nodes, n => n.Stopped);
        Assert.All(nodes.Where(n => !n.Stopped), n => Assert.True(n.Served > 0, "a living node answered nothing"));
        Assert.Empty(cluster.Faults);
    }

    [Fact]
    public async Task OpenAsync_FirstNodeDown_ProbeAndSetupGoToTheOthers()
    {
        using var cluster = new FakeCluster();
        var nodes = cluster.Nodes(3);
        nodes[0].Stop();

        var (store, _) = await FakeStore.OpenAsync(cluster, nodes: 3);
        await using var _ = store;

        Assert.Equal(3, await store.AppendAsync(TestSymptoms.Range(0, 3)));
        Assert.Equal(0, nodes[0].Served);
    }

    [Fact]
    public async Task OpenAsync_EveryNodeDown_StoreExceptionNamingTheCause()
    {
        using var cluster = new FakeCluster();
        var nodes = cluster.Nodes(3);
        foreach (var node in nodes)
        {
            node.Stop();
        }

        var error = await Assert.ThrowsAsync<StoreException>(() => FakeStore.OpenAsync(cluster, nodes: 3));

        Assert.Contains("probe the cluster failed", error.Message, StringComparison.Ordinal);
        Assert.Contains(nodes[0].Uri.AbsoluteUri, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0OmtleQ==", error.Message, StringComparison.Ordinal);
    }
}
