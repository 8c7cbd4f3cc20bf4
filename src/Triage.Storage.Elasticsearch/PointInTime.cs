using System.Text.Json;
using Elastic.Clients.Elasticsearch;

namespace Triage.Storage.Elasticsearch;

/// <summary>Opening, using and closing a point-in-time (consistent deep paging with <c>search_after</c>).</summary>
internal static class PointInTime
{
    /// <summary>How long a point-in-time lives between two pages.</summary>
    public const string KeepAlive = "5m";

    public static async Task<string> OpenAsync(EsClient client, string target, CancellationToken cancellationToken)
    {
        var request = new OpenPointInTimeRequest(target) { KeepAlive = KeepAlive };
        var response = await client.ExpectAsync("open a point in time on " + target, ct => client.Client.OpenPointInTimeAsync(client.Prepare(request), ct), cancellationToken).ConfigureAwait(false);
        return response.Id;
    }

    /// <summary>Closes it; one that already expired is fine.</summary>
    public static async Task CloseAsync(EsClient client, string id, CancellationToken cancellationToken)
    {
        var request = new ClosePointInTimeRequest { Id = id };
        await client.ExpectAsync("close a point in time", ct => client.Client.ClosePointInTimeAsync(client.Prepare(request), ct), cancellationToken, 404).ConfigureAwait(false);
    }

    /// <summary>Writes <c>"pit": {...}</c> when <paramref name="id"/> is set and <c>"search_after": [...]</c> when <paramref name="searchAfter"/> is.</summary>
    public static void Write(Utf8JsonWriter w, string? id, string? searchAfter)
    {
        if (id is not null)
        {
            w.WriteStartObject("pit");
            w.WriteString("id", id);
            w.WriteString("keep_alive", KeepAlive);
            w.WriteEndObject();
        }

        if (searchAfter is not null)
        {
            w.WritePropertyName("search_after");
            w.WriteRawValue(searchAfter);
        }
    }
}
