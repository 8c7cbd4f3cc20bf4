using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// An Elasticsearch-speaking stand-in cluster behind one or more <see cref="StandInNode"/>s on
/// 127.0.0.1, answering as an 8.x or 9.x node does: it refuses compatibility headers that node
/// version refuses (<see cref="CompatibilityHeaders"/>), keeps documents, templates, data streams,
/// aliases and points-in-time, and answers searches (<see cref="StandInSearch"/>). Its answers are
/// the recorded bodies in tests/data/elasticsearch-wire-examples where one exists: <c>GET /</c> is
/// root_info_8_12.json (its version edited to 9.1.0 for a 9.x node), <c>_bulk</c> items are
/// assembled from the recorded items (201 created, 409 already exists, 429 write queue full, 400
/// mapper parsing) with <c>_index</c>/<c>_id</c> set to the request's, whole-request rejections
/// replay the recorded 429 envelopes (503 and 413 have empty bodies), and a stale
/// <c>if_seq_no</c> gets the recorded 409.
/// </summary>
internal sealed partial class FakeCluster : IDisposable
{
    private readonly JsonElement _created = WireExamples.BulkItem("bulk_success_mixed_actions.json", 201);
    private readonly JsonElement _exists = WireExamples.BulkItem("bulk_data_stream_create_conflict_409.json", 409);
    private readonly JsonElement _rejected = JsonDocument.Parse(WireExamples.Bytes("bulk_item_429_write_queue_rejected.json")).RootElement.Clone();
    private readonly JsonElement _mapping = WireExamples.BulkItem("bulk_item_400_mapper_parsing.json", 400);
    private readonly Dictionary<string, Dictionary<string, (JsonObject Source, long SeqNo)>> _indices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dataStreams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode> _componentTemplates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode> _indexTemplates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pits = new(StringComparer.Ordinal);
    private readonly List<StandInNode> _nodes = [];
    private readonly object _lock = new();
    private long _ordinal;

    /// <summary>Whether answers carry <c>X-Elastic-Product: Elasticsearch</c> (OpenSearch and some proxies send none).</summary>
    public bool ProductHeader { get; init; } = true;

    /// <summary>The major version this cluster answers as (8 or 9).</summary>
    public int Major { get; init; } = 8;

    /// <summary>Ids stored in the symptom data stream (a create of a stored id is answered 409, as a data stream does).</summary>
    public IReadOnlySet<string> Stored
    {
        get
        {
            lock (_lock)
            {
                return _indices.Where(i => i.Key.StartsWith("triage-events-", StringComparison.Ordinal)).SelectMany(i => i.Value.Keys).ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Bulk items answered 201 (each stored a new document).</summary>
    public int Created { get; private set; }

    /// <summary>The action names of every bulk item received (the store must only ever send create).</summary>
    public List<string> Actions { get; } = [];

    /// <summary>Every request as "METHOD path?query".</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Exceptions the stand-in itself threw while answering (a test's stand-in bug, answered 500).</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> Faults { get; } = [];

    /// <summary>Every request refused for its compatibility headers, as "METHOD path: reason".</summary>
    public List<string> RefusedHeaders { get; } = [];

    /// <summary>Decides, per bulk request number (0-based), a whole-request failure status (429/503/413) or null.</summary>
    public Func<int, int?> WholeRequestFailure { get; set; } = _ => null;

    /// <summary>Per bulk request number and item position: 0 to store, or 429 / 400 for the recorded rejected / mapper-parsing item.</summary>
    public Func<int, int, int> ItemStatus { get; set; } = (_, _) => 0;

    /// <summary>Per bulk request number: true to store its documents and then die without answering (the node stops).</summary>
    public Func<int, bool> CrashAfterBulk { get; set; } = _ => false;

    /// <summary>Byte length of every bulk body received.</summary>
    public List<int> BulkBodyBytes { get; } = [];

    /// <summary>Answers for requests this stand-in should not answer itself (tests script races with it).</summary>
    public Func<StandInRequest, string, StandInResponse?> Script { get; set; } = (_, _) => null;

    public int BulkRequests { get; private set; }

    /// <summary>The node URLs, starting <paramref name="count"/> nodes on first use.</summary>
    public IReadOnlyList<StandInNode> Nodes(int count = 1)
    {
        lock (_lock)
        {
            while (_nodes.Count < count)
            {
                _nodes.Add(new StandInNode(this));
            }

            return _nodes.ToList();
        }
    }

    /// <summary>Forgets every point-in-time (as when they expire).</summary>
    public void ExpirePointsInTime()
    {
        lock (_lock)
        {
            _pits.Clear();
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    public static StandInResponse Respond(HttpStatusCode status, byte[] body) => new((int)status, body);

    /// <summary>Answers one request and the content type to answer with.</summary>
    internal (StandInResponse Response, string ContentType) Handle(StandInRequest request)
    {
        var accept = request.Header("Accept");
        var version = CompatibilityHeaders.Version(accept);
        var contentType = version is { } v ? "application/vnd.elasticsearch+json;compatible-with=" + v.ToString(CultureInfo.InvariantCulture) : "application/json";
        lock (_lock)
        {
            Requests.Add($"{request.Method} {Uri.UnescapeDataString(request.RequestUri.PathAndQuery)}");
            if (CompatibilityHeaders.Refusal(Major, accept, request.Header("Content-Type"), request.Body.Length > 0) is { } refusal)
            {
                RefusedHeaders.Add($"{request.Method} {request.Path}: {Encoding.UTF8.GetString(refusal)}");
                return (new StandInResponse(400, refusal), "application/json");
            }

            if (Script(request, request.Body) is { } scripted)
            {
                return (scripted, contentType);
            }

            return (Route(request), contentType);
        }
    }

    private StandInResponse Route(StandInRequest request)
    {
        var parts = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var method = request.Method.Method;
        return (method, parts) switch
        {
            ("GET" or "HEAD", []) => Root(),
            ("POST" or "PUT", ["_bulk"]) => Bulk(request.Body),
            ("GET", ["_component_template", var name]) => GetTemplate(_componentTemplates, name, "component_templates", "component_template"),
            ("PUT", ["_component_template", var name]) => PutTemplate(_componentTemplates, name, request.Body),
            ("GET", ["_index_template", var name]) => GetTemplate(_indexTemplates, name, "index_templates", "index_template"),
            ("PUT", ["_index_template", var name]) => PutTemplate(_indexTemplates, name, request.Body),
            ("GET", ["_data_stream", var name]) => _dataStreams.Contains(name) ? Json(200, DataStream(name)) : Missing("index_not_found_exception", $"no such index [{name}]"),
            ("PUT", ["_data_stream", var name]) => CreateDataStream(name),
            ("HEAD" or "GET", ["_alias", var name]) => _aliases.ContainsKey(name) ? Json(200, new JsonObject()) : Json(404, new JsonObject()),
            ("DELETE", ["_pit"]) => ClosePit(request.Body),
            ("POST" or "GET", ["_search"]) => Search(null, request),
            ("POST", [var target, "_pit"]) => OpenPit(target),
            ("POST" or "GET", [var target, "_search"]) => Search(target, request),
            ("POST" or "GET", [var target, "_count"]) => Count(target, request.Body),
            ("POST" or "GET", [var target, "_refresh"]) => Json(200, new JsonObject { ["_shards"] = Shards() }),
            ("POST", [var target, "_rollover"]) => Json(200, new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["old_index"] = target, ["new_index"] = target + "-2", ["rolled_over"] = true, ["dry_run"] = false, ["conditions"] = new JsonObject() }),
            ("GET", [var index, "_doc", var id]) => GetDocument(index, id),
            ("PUT" or "POST", [var index, "_doc", var id]) => IndexDocument(index, id, request, create: false),
            ("POST", [var index, "_doc"]) => IndexDocument(index, Guid.NewGuid().ToString("N")[..20], request, create: false),
            ("PUT" or "POST", [var index, "_create", var id]) => IndexDocument(index, id, request, create: true),
            ("DELETE", [var index, "_doc", var id]) => DeleteDocument(index, id),
            ("PUT", [var index]) => CreateIndex(index, request.Body),
            _ => Json(400, Error("illegal_argument_exception", $"stand-in: no route for {method} {request.Path}", 400)),
        };
    }

    private StandInResponse Root()
    {
        var info = JsonNode.Parse(WireExamples.Bytes("root_info_8_12.json"))!;
        if (Major == 9)
        {
            info["version"]!["number"] = "9.1.0";
            info["version"]!["lucene_version"] = "10.2.2";
            info["version"]!["minimum_wire_compatibility_version"] = "8.19.0";
            info["version"]!["minimum_index_compatibility_version"] = "8.0.0";
        }

        return Json(200, info);
    }

    private static JsonObject Shards() => new() { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };

    private static StandInResponse Json(int status, JsonNode body) => new(status, Encoding.UTF8.GetBytes(body.ToJsonString()));

    private static JsonObject Error(string type, string reason, int status) => new()
    {
        ["error"] = new JsonObject
        {
            ["root_cause"] = new JsonArray(new JsonObject { ["type"] = type, ["reason"] = reason }),
            ["type"] = type,
            ["reason"] = reason,
        },
        ["status"] = status,
    };

    private static StandInResponse Missing(string type, string reason) => Json(404, Error(type, reason, 404));

    private string Resolve(string name) => _aliases.TryGetValue(name, out var index) ? index : name;

    private Dictionary<string, (JsonObject Source, long SeqNo)> Index(string name)
    {
        var resolved = Resolve(name);
        if (!_indices.TryGetValue(resolved, out var docs))
        {
            _indices[resolved] = docs = new Dictionary<string, (JsonObject, long)>(StringComparer.Ordinal);
        }

        return docs;
    }
}
