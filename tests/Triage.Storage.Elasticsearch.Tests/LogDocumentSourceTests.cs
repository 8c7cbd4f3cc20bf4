using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Triage.Storage.Elasticsearch.Tests.Support;

namespace Triage.Storage.Elasticsearch.Tests;

/// <summary>Reading shipped log documents, replaying the recorded PIT and search bodies.</summary>
public sealed class LogDocumentSourceTests
{
    private static readonly DateTimeOffset Shipped = new(2099, 11, 15, 14, 12, 12, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_FromTheStart_ReadsTheRecordedHitClosesThePitAndCheckpoints()
    {
        var (cluster, bodies) = Cluster(_ => WireExamples.Bytes("search_hits_basic.json"));
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;

        var page = await store.LogSource("filebeat-*").ReadAsync("run-a", null, 100, FakeStore.Now, CancellationToken.None);

        var document = Assert.Single(page.Documents);
        Assert.Equal(new LogDocument("my-index-000001", "0", Shipped, null, null, null, "GET /search HTTP/1.1 200 1070000"), document);
        Assert.Null(page.Next);
        Assert.Equal(1, page.Checkpoint.Offset);
        Assert.Equal(Shipped, page.Checkpoint.LastTimestamp);
        Assert.Equal("es:filebeat-*", page.Checkpoint.Path);
        Assert.Contains("POST /filebeat-*/_pit?keep_alive=5m", cluster.Requests);
        Assert.Contains("DELETE /_pit", cluster.Requests);
        using var body = JsonDocument.Parse(Assert.Single(bodies));
        Assert.Equal(JsonDocument.Parse(WireExamples.Bytes("pit_open.json")).RootElement.GetProperty("id").GetString(), body.RootElement.GetProperty("pit").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ReadAsync_FromACheckpoint_ResumesAtItsTimeAndCountsOn()
    {
        var (cluster, bodies) = Cluster(_ => WireExamples.Bytes("search_hits_basic.json"));
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;
        var checkpoint = new SourceCheckpoint { Run = "run-a", Path = "es:filebeat-*", SourceId = "es:filebeat-*", Fingerprint = "es", Offset = 41, LastTimestamp = Shipped };

        var page = await store.LogSource("filebeat-*").ReadAsync("run-a", LogPosition.FromCheckpoint(checkpoint), 100, FakeStore.Now, CancellationToken.None);

        Assert.Equal(42, page.Checkpoint.Offset);
        var filter = JsonNode.Parse(Assert.Single(bodies))!["query"]!["bool"]!["filter"]!.AsArray(); // two clauses: an array
        Assert.Equal("2099-11-15T14:12:12.000Z", filter[1]!["range"]!["@timestamp"]!["gte"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadAsync_FullPage_NextKeepsThePitAndTheLastSortValues()
    {
        // The recorded hit with a "sort" array added, as a sorted PIT search returns it.
        var (cluster, bodies) = Cluster(_ =>
        {
            var node = JsonNode.Parse(WireExamples.Bytes("search_hits_basic.json"))!;
            node["hits"]!["hits"]![0]!["sort"] = new JsonArray(4098208332000L, 7);
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        });
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;
        var source = store.LogSource("filebeat-*");

        var first = await source.ReadAsync("run-a", null, 1, FakeStore.Now, CancellationToken.None);
        await source.ReadAsync("run-a", first.Next, 1, FakeStore.Now, CancellationToken.None);

        Assert.NotNull(first.Next);
        Assert.Equal("[4098208332000,7]", first.Next.SearchAfter);
        Assert.DoesNotContain("DELETE /_pit", cluster.Requests);
        Assert.Single(cluster.Requests, r => r.StartsWith("POST /filebeat-*/_pit", StringComparison.Ordinal));
        Assert.Equal("[4098208332000,7]", JsonNode.Parse(bodies[1])!["search_after"]!.ToJsonString());
    }

    [Fact]
    public void Parse_FlatDottedKeysAsShippersWriteThem_ReadsEveryField()
    {
        using var doc = JsonDocument.Parse("""{"@timestamp":"2026-05-02T03:00:00Z","host.name":"node-1","log":{"file":{"path":"/var/log/a.log"},"offset":17},"message":"NCCL WARN"}""");

        var document = LogDocumentSource.Parse(new Elastic.Clients.Elasticsearch.Core.Search.Hit<JsonElement>("x", "i") { Source = doc.RootElement });

        Assert.Equal(new LogDocument("i", "x", FakeStore.Now, "node-1", "/var/log/a.log", 17, "NCCL WARN"), document);
    }

    private static (FakeCluster Cluster, List<string> SearchBodies) Cluster(Func<int, byte[]> search)
    {
        var bodies = new List<string>();
        var cluster = new FakeCluster
        {
            Script = (request, body) =>
            {
                var path = request.Path;
                if (path.EndsWith("/_pit", StringComparison.Ordinal) && request.Query("keep_alive") == "5m" && !path.StartsWith("/triage-", StringComparison.Ordinal))
                {
                    return FakeCluster.Respond(HttpStatusCode.OK, WireExamples.Bytes("pit_open.json"));
                }

                if (path == "/_pit")
                {
                    return FakeCluster.Respond(HttpStatusCode.OK, WireExamples.Bytes("pit_close.json"));
                }

                if (path == "/_search")
                {
                    bodies.Add(body);
                    return FakeCluster.Respond(HttpStatusCode.OK, search(bodies.Count));
                }

                return null;
            },
        };
        return (cluster, bodies);
    }
}
