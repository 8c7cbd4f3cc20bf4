using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Triage.Storage.Elasticsearch.Tests.Support;

namespace Triage.Storage.Elasticsearch.Tests.Source;

/// <summary>
/// A fake cluster holding shipped log documents: it answers the point-in-time and sorted
/// <c>_search</c> requests of <see cref="LogDocumentSource"/> (size, <c>@timestamp</c> range,
/// <c>search_after</c>) in the shape of the recorded <c>search_hits_basic.json</c>.
/// </summary>
internal sealed class ShippedLogs
{
    private readonly List<JsonObject> _sources = [];

    public ShippedLogs()
    {
        Cluster = new FakeCluster { Script = Answer };
    }

    public FakeCluster Cluster { get; }

    /// <summary>Called with the number of each <c>_search</c> request (1-based) before it is answered.</summary>
    public Action<int> OnSearch { get; set; } = _ => { };

    public int Searches { get; private set; }

    /// <summary>Adds a document as Filebeat writes it (nested ECS objects; <paramref name="offset"/> null: none).</summary>
    public void Add(DateTimeOffset time, string host, string path, long? offset, string message)
    {
        var log = new JsonObject { ["file"] = new JsonObject { ["path"] = path } };
        if (offset is { } o)
        {
            log["offset"] = o;
        }

        _sources.Add(new JsonObject
        {
            ["@timestamp"] = time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["host"] = new JsonObject { ["name"] = host },
            ["log"] = log,
            ["message"] = message,
        });
    }

    private StandInResponse? Answer(StandInRequest request, string body)
    {
        var path = request.Path;
        if (path.StartsWith("/filebeat-", StringComparison.Ordinal) && path.EndsWith("/_pit", StringComparison.Ordinal) && request.Query("keep_alive") == "5m")
        {
            return FakeCluster.Respond(HttpStatusCode.OK, WireExamples.Bytes("pit_open.json"));
        }

        if (path == "/_pit")
        {
            return FakeCluster.Respond(HttpStatusCode.OK, WireExamples.Bytes("pit_close.json"));
        }

        if (path != "/_search")
        {
            return null;
        }

        OnSearch(++Searches);
        var query = JsonNode.Parse(body)!;
        var size = query["size"]!.GetValue<int>();
        // The client writes a one-clause filter as an object, several as an array.
        var filter = query["query"]!["bool"]!["filter"]!;
        var since = (filter is JsonArray clauses ? clauses.ToList() : [filter]).Select(f => f?["range"]?["@timestamp"]?["gte"]?.GetValue<string>()).FirstOrDefault(s => s is not null);
        var after = query["search_after"]?.AsArray();
        var hits = new JsonArray();
        for (var i = 0; i < _sources.Count && hits.Count < size; i++)
        {
            var ms = DateTimeOffset.Parse(_sources[i]["@timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            var sinceMs = since is null ? long.MinValue : DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            var afterKey = after is null ? (long.MinValue, -1) : (after[0]!.GetValue<long>(), after[1]!.GetValue<int>());
            if (ms < sinceMs || (ms, i).CompareTo(afterKey) <= 0)
            {
                continue;
            }

            hits.Add(new JsonObject
            {
                ["_index"] = ".ds-filebeat-8.15.0-2026.05.02-000001",
                ["_id"] = "doc-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["_score"] = null,
                ["_source"] = _sources[i].DeepClone(),
                ["sort"] = new JsonArray(ms, i),
            });
        }

        var response = JsonNode.Parse(WireExamples.Bytes("search_hits_basic.json"))!;
        response["hits"]!["hits"] = hits;
        return FakeCluster.Respond(HttpStatusCode.OK, Encoding.UTF8.GetBytes(response.ToJsonString()));
    }
}
