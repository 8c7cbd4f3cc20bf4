using Elastic.Transport;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// The media types requests carry for the cluster's major version. The 9.x client sends
/// <c>application/vnd.elasticsearch+json; compatible-with=9</c>, which an 8.x node refuses
/// (400 <c>media_type_header_exception</c>: "Accept version must be either version 8 or 7, but
/// found 9"); for an 8.x node every request carries <c>compatible-with=8</c> on both Accept and
/// Content-Type (Elasticsearch refuses a request whose two headers disagree). The startup probe
/// itself sends plain <c>application/json</c>, which every version accepts.
/// </summary>
internal sealed class EsCompatibility
{
    private readonly RequestConfiguration? _json;
    private readonly RequestConfiguration? _ndjson;

    private EsCompatibility(int major, RequestConfiguration? json, RequestConfiguration? ndjson)
    {
        Major = major;
        _json = json;
        _ndjson = ndjson;
    }

    /// <summary>The client's own headers (<c>compatible-with=9</c>).</summary>
    public static EsCompatibility Current { get; } = new(9, null, null);

    /// <summary>Plain JSON for the probe (GET /), with every response header kept (X-Elastic-Product).</summary>
    public static RequestConfiguration Probe { get; } = new()
    {
        Accept = "application/json",
        ContentType = "application/json",
        ParseAllHeaders = true,
    };

    /// <summary>The major version these headers are for.</summary>
    public int Major { get; }

    /// <summary>Headers for a cluster of major version <paramref name="major"/> (8 or 9).</summary>
    public static EsCompatibility For(int major) => major == 8
        ? new EsCompatibility(8, Versioned("json", 8), Versioned("x-ndjson", 8))
        : Current;

    /// <summary>The request configuration to send, or null for the client's defaults.</summary>
    public RequestConfiguration? For(bool ndjson) => ndjson ? _ndjson : _json;

    private static RequestConfiguration Versioned(string format, int major) => new()
    {
        Accept = "application/vnd.elasticsearch+json; compatible-with=" + major.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ContentType = $"application/vnd.elasticsearch+{format}; compatible-with={major.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    };
}
