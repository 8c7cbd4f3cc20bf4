using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Triage.Storage.Elasticsearch.Tests.Support;

namespace Triage.Storage.Elasticsearch.Tests;

public sealed class VoteConcurrencyTests
{
    [Fact]
    public async Task VoteAsync_StaleSeqNo409_RereadsAndWritesWithTheNewSeqNo()
    {
        var gets = 0;
        var puts = new List<string>();
        var cluster = new FakeCluster
        {
            Script = (request, body) =>
            {
                var path = request.RequestUri!.PathAndQuery;
                if (!path.StartsWith("/triage-votes-default/_doc/", StringComparison.Ordinal))
                {
                    return null;
                }

                if (request.Method == HttpMethod.Get)
                {
                    // The recorded realtime GET (seq_no 362); the second read sees another engineer's write (edited to 363).
                    var found = JsonNode.Parse(WireExamples.Bytes("doc_get_found.json"))!;
                    found["_seq_no"] = 362 + gets++;
                    return FakeCluster.Respond(HttpStatusCode.OK, Encoding.UTF8.GetBytes(found.ToJsonString()));
                }

                puts.Add(path);
                return puts.Count == 1
                    ? FakeCluster.Respond(HttpStatusCode.Conflict, WireExamples.Bytes("error_409_version_conflict_if_seq_no.json"))
                    : FakeCluster.Respond(HttpStatusCode.OK, WireExamples.Bytes("doc_index_created.json"));
            },
        };
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;

        await store.VoteAsync("run-a", "h-1", "ana", -1);

        Assert.Equal(2, gets);
        Assert.Equal(2, puts.Count);
        Assert.Contains("if_seq_no=362&if_primary_term=2", puts[0], StringComparison.Ordinal);
        Assert.Contains("if_seq_no=363&if_primary_term=2", puts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task VoteAsync_CreateRaceLost_ChangesTheOtherWritersDocument()
    {
        var requests = new List<string>();
        var cluster = new FakeCluster
        {
            Script = (request, _) =>
            {
                var path = request.RequestUri!.PathAndQuery;
                if (!path.StartsWith("/triage-votes-default/", StringComparison.Ordinal) || path.Contains("_search", StringComparison.Ordinal))
                {
                    return null;
                }

                requests.Add($"{request.Method} {path[..path.IndexOf('/', 1)]}/{path.Split('/')[2]}");
                return requests.Count switch
                {
                    1 => FakeCluster.Respond(HttpStatusCode.NotFound, []),
                    2 => FakeCluster.Respond(HttpStatusCode.Conflict, WireExamples.Bytes("error_409_version_conflict_if_seq_no.json")),
                    3 => FakeCluster.Respond(HttpStatusCode.OK, WireExamples.Bytes("doc_get_found.json")),
                    _ => FakeCluster.Respond(HttpStatusCode.OK, WireExamples.Bytes("doc_index_created.json")),
                };
            },
        };
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;

        await store.VoteAsync("run-a", "h-1", "ana", 1);

        Assert.Equal(["GET /triage-votes-default/_doc", "PUT /triage-votes-default/_create", "GET /triage-votes-default/_doc", "PUT /triage-votes-default/_doc"], requests);
    }

    [Fact]
    public async Task VoteAsync_ConflictsForever_ThrowsStoreException()
    {
        var cluster = new FakeCluster
        {
            Script = (request, _) => request.RequestUri!.PathAndQuery.StartsWith("/triage-votes-default/_doc/", StringComparison.Ordinal)
                ? request.Method == HttpMethod.Get
                    ? FakeCluster.Respond(HttpStatusCode.OK, WireExamples.Bytes("doc_get_found.json"))
                    : FakeCluster.Respond(HttpStatusCode.Conflict, WireExamples.Bytes("error_409_version_conflict_if_seq_no.json"))
                : null,
        };
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;

        var error = await Assert.ThrowsAsync<StoreException>(() => store.VoteAsync("run-a", "h-1", "ana", 1));

        Assert.Contains("version conflicts", error.Message, StringComparison.Ordinal);
    }
}
