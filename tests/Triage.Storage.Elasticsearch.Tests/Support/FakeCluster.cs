using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that plays a cluster from the recorded bodies: <c>GET /</c>
/// answers root_info_8_12.json, <c>_bulk</c> answers are assembled from the recorded item objects
/// (201 created, 409 already exists, 429 write queue full) with only <c>_id</c> set to the request's,
/// and whole-request rejections replay the recorded 429 envelopes (503 has an empty body). Setup
/// calls (templates, data stream, aliases) are acknowledged. 
/// </summary>
internal sealed class FakeCluster : HttpMessageHandler
{
    private readonly JsonElement _created = WireExamples.BulkItem("bulk_success_mixed_actions.json", 201);
    private readonly JsonElement _exists = WireExamples.BulkItem("bulk_data_stream_create_conflict_409.json", 409);
    private readonly JsonElement _rejected = JsonDocument.Parse(WireExamples.Bytes("bulk_item_429_write_queue_rejected.json")).RootElement.Clone();
    private readonly JsonElement _mapping = WireExamples.BulkItem("bulk_item_400_mapper_parsing.json", 400);

    /// <summary>Ids stored (a create of a stored id is answered 409, as a data stream does).</summary>
    public HashSet<string> Stored { get; } = new(StringComparer.Ordinal);

    /// <summary>The action names of every bulk item received (the store must only ever send create).</summary>
    public List<string> Actions { get; } = [];

    /// <summary>Every request as "METHOD path".</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Decides, per bulk request number (0-based), a whole-request failure status (429/503) or null.</summary>
    public Func<int, int?> WholeRequestFailure { get; set; } = _ => null;

    /// <summary>Per bulk request number and item position: 0 to store, or 429 / 400 for the recorded rejected / mapper-parsing item.</summary>
    public Func<int, int, int> ItemStatus { get; set; } = (_, _) => 0;

    /// <summary>Byte length of every bulk body received.</summary>
    public List<int> BulkBodyBytes { get; } = [];

    /// <summary>Answers for paths this fake does not model (the vote tests script them).</summary>
    public Func<HttpRequestMessage, string, HttpResponseMessage?> Script { get; set; } = (_, _) => null;

    public int BulkRequests { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.PathAndQuery;
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add($"{request.Method} {path}");
        }

        if (Script(request, body) is { } scripted)
        {
            return scripted;
        }

        if (request.Method == HttpMethod.Get && path == "/")
        {
            var response = Respond(HttpStatusCode.OK, WireExamples.Bytes("root_info_8_12.json"));
            response.Headers.Add("X-Elastic-Product", "Elasticsearch");
            return response;
        }

        if (path.StartsWith("/_bulk", StringComparison.Ordinal))
        {
            return Bulk(body);
        }

        if (request.Method == HttpMethod.Get && (path.StartsWith("/_component_template/", StringComparison.Ordinal) || path.StartsWith("/_index_template/", StringComparison.Ordinal)))
        {
            return Respond(HttpStatusCode.NotFound, "{}"u8.ToArray());
        }

        if (request.Method == HttpMethod.Head)
        {
            return Respond(HttpStatusCode.NotFound, []);
        }

        return Respond(HttpStatusCode.OK, "{\"acknowledged\":true}"u8.ToArray());
    }

    private HttpResponseMessage Bulk(string body)
    {
        var number = BulkRequests++;
        BulkBodyBytes.Add(Encoding.UTF8.GetByteCount(body));
        if (WholeRequestFailure(number) is { } status)
        {
            return status == 429
                ? Respond((HttpStatusCode)429, WireExamples.Bytes(number % 2 == 0 ? "error_429_es_rejected_execution_indexing_pressure.json" : "error_429_rejected_execution_variant.json"))
                : Respond((HttpStatusCode)status, []);
        }

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        for (var i = 0; i < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject().Single();
            Actions.Add(action.Key);
            var id = action.Value!["_id"]!.GetValue<string>();
            JsonElement template;
            var itemStatus = ItemStatus(number, i / 2);
            if (itemStatus != 0)
            {
                template = itemStatus == 429 ? _rejected : _mapping;
            }
            else
            {
                template = Stored.Add(id) ? _created : _exists;
            }

            var item = JsonNode.Parse(template.GetRawText())!.AsObject();
            item["_id"] = id;
            items.Add(new JsonObject { ["create"] = item });
        }

        var answer = new JsonObject { ["took"] = 1, ["errors"] = true, ["items"] = items };
        return Respond(HttpStatusCode.OK, Encoding.UTF8.GetBytes(answer.ToJsonString()));
    }

    public static HttpResponseMessage Respond(HttpStatusCode status, byte[] body) =>
        new(status) { Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } } };
}
