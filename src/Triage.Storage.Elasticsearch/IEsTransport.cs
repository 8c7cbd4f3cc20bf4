namespace Triage.Storage.Elasticsearch;

/// <summary>
/// The one seam between the store and the wire: sends one REST request and returns the status
/// and body. <see cref="HttpEsTransport"/> implements it over <see cref="HttpClient"/>; the
/// official Elastic.Clients.Elasticsearch transport could implement it instead. Implementations
/// return every HTTP status (they never throw for 4xx/5xx) and throw
/// <see cref="HttpRequestException"/> only when no response arrived.
/// </summary>
public interface IEsTransport : IDisposable
{
    /// <summary>Sends <paramref name="request"/> and reads the whole response body.</summary>
    Task<EsResponse> SendAsync(EsRequest request, CancellationToken cancellationToken);
}
