using System.Globalization;
using System.Text.Json;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// What <c>GET /</c> says about the cluster. Elasticsearch 8 and 9 are supported; they answer
/// with <c>X-Elastic-Product: Elasticsearch</c>. OpenSearch 2 (<c>version.distribution:
/// opensearch</c>, no product header) is recognised and refused: it has no <c>flattened</c> or
/// <c>match_only_text</c> field types and opens point-in-time searches under a different API.
/// </summary>
/// <param name="ClusterName">The cluster's name.</param>
/// <param name="Version">The version number, e.g. <c>8.12.1</c>.</param>
/// <param name="Distribution"><c>elasticsearch</c> or <c>opensearch</c>.</param>
/// <param name="BuildFlavor">e.g. <c>default</c>; empty when not reported.</param>
/// <param name="Product">The <c>X-Elastic-Product</c> header, or null.</param>
public sealed record EsClusterInfo(string ClusterName, string Version, string Distribution, string BuildFlavor, string? Product)
{
    /// <summary>The major version, or 0 when the number is not one.</summary>
    public int Major => int.TryParse(Version.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0;

    /// <summary>Parses the body of <c>GET /</c> (unknown fields ignored).</summary>
    /// <exception cref="StoreException">The body is not a root info object.</exception>
    public static EsClusterInfo Parse(JsonElement root, string? product)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Object
            || !version.TryGetProperty("number", out var number) || number.ValueKind != JsonValueKind.String)
        {
            throw new StoreException("the server's answer to GET / is not an Elasticsearch root object (no version.number)");
        }

        var distribution = version.TryGetProperty("distribution", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "elasticsearch";
        return new EsClusterInfo(
            root.TryGetProperty("cluster_name", out var name) ? name.GetString() ?? string.Empty : string.Empty,
            number.GetString()!,
            distribution,
            version.TryGetProperty("build_flavor", out var flavor) ? flavor.GetString() ?? string.Empty : string.Empty,
            product);
    }

    /// <summary>Null when supported, else why not (one sentence).</summary>
    public string? Unsupported()
    {
        if (string.Equals(Distribution, "opensearch", StringComparison.OrdinalIgnoreCase))
        {
            return $"OpenSearch {Version} is not supported: it lacks the flattened and match_only_text field types and its point-in-time API differs; use Elasticsearch 8 or 9";
        }

        if (Major is < 8 or > 9)
        {
            return $"Elasticsearch {Version} is not supported; use Elasticsearch 8 or 9";
        }

        if (!string.Equals(Product, "Elasticsearch", StringComparison.Ordinal))
        {
            return $"the server says it is Elasticsearch {Version} but sent no 'X-Elastic-Product: Elasticsearch' header (a proxy that strips it, or not Elasticsearch)";
        }

        return null;
    }
}
