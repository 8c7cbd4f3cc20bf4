namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>One request as a stand-in node received it off the wire.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="RequestUri">The full URI (path and query as sent).</param>
/// <param name="Headers">Request headers (names case-insensitive).</param>
/// <param name="Body">The body as UTF-8 text (empty when none).</param>
internal sealed record StandInRequest(HttpMethod Method, Uri RequestUri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => RequestUri.AbsolutePath;

    /// <summary>A query-string value, or null.</summary>
    public string? Query(string name)
    {
        foreach (var pair in RequestUri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == name)
            {
                return parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
            }
        }

        return null;
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>One answer of a stand-in node; <see cref="Crash"/> drops the connection unanswered and stops the node (after the work was done, as a node that dies mid-request).</summary>
internal sealed record StandInResponse(int Status, byte[] Body, bool Crash = false);
