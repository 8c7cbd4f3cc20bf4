namespace Triage.Storage.Elasticsearch;

/// <summary>One REST response.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Body">The body (possibly empty).</param>
/// <param name="Product">The <c>X-Elastic-Product</c> header, or null when absent.</param>
public sealed record EsResponse(int Status, ReadOnlyMemory<byte> Body, string? Product = null)
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;
}
