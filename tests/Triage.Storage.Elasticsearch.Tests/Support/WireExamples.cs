using System.Text.Json;
using Triage.Testing;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// The recorded response bodies in tests/data/elasticsearch-wire-examples (sources in its README).
/// Tests parse them as they are; where a test needs a variant it says so.
/// </summary>
internal static class WireExamples
{
    public static string Directory { get; } = Path.Combine(TestRepository.Data, "elasticsearch-wire-examples");

    public static byte[] Bytes(string name)
    {
        var path = Path.Combine(Directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"recorded Elasticsearch body {name} not found in {Directory}", path);
        }

        return File.ReadAllBytes(path);
    }

    public static JsonDocument Json(string name) => JsonDocument.Parse(Bytes(name));

    /// <summary>The inner object of the first item of a recorded bulk body whose status is <paramref name="status"/>.</summary>
    public static JsonElement BulkItem(string name, int status)
    {
        using var doc = Json(name);
        return doc.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => i.EnumerateObject().First().Value)
            .First(i => i.GetProperty("status").GetInt32() == status)
            .Clone();
    }
}
