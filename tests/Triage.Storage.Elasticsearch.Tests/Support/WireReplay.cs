using System.Text.Json.Nodes;
using Elastic.Transport;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// Replays one recorded body through the official client: an <see cref="EsClient"/> whose every
/// request is answered by the client's own <see cref="InMemoryRequestInvoker"/> with that body,
/// so the client's deserialisation reads exactly what a node sent.
/// </summary>
internal static class WireReplay
{
    public static EsClient Client(byte[] body, int status = 200)
    {
        var options = new EsConnectionOptions { Nodes = [new Uri("http://es.test:9200")], MaxRetries = 0 };
        var headers = new Dictionary<string, IEnumerable<string>> { ["x-elastic-product"] = ["Elasticsearch"] };
        var invoker = new InMemoryRequestInvoker(body, status, null, "application/json", headers);
        return new EsClient(EsClientSettings.Create(options, invoker), new RetryPolicy(0, TimeSpan.Zero, TimeSpan.Zero, (_, _) => Task.CompletedTask), options.Endpoint);
    }

    /// <summary>
    /// A recorded search body with its aggregations named as a node names them when asked for
    /// <c>typed_keys</c> (the client always asks): <c>TYPE#NAME</c>, at any depth.
    /// </summary>
    public static byte[] TypedKeys(string file, params (string Name, string Type)[] aggregations)
    {
        var root = JsonNode.Parse(WireExamples.Bytes(file))!;
        Rename(root, aggregations.ToDictionary(a => a.Name, a => a.Type + "#" + a.Name, StringComparer.Ordinal));
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Rename(JsonNode? node, Dictionary<string, string> names)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Rename(item, names);
            }
        }
        else if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj.ToList())
            {
                Rename(value, names);
                if (names.TryGetValue(name, out var renamed) && value is JsonObject)
                {
                    obj.Remove(name);
                    obj[renamed] = value;
                }
            }
        }
    }
}
