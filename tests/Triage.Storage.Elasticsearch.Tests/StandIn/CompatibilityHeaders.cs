using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// Elasticsearch's check of the REST compatibility headers (RestCompatibleVersionHelper), as
/// real 8.x and 9.x nodes apply it before routing: the Accept version must be the node's major
/// or the one before; with a body, so must the Content-Type version, the two must match, and
/// either both or neither carry <c>compatible-with</c>. A refusal is the 400
/// <c>media_type_header_exception</c> whose cause gives the reason, worded as the nodes word it
/// (elastic/elasticsearch-ruby#2665, elastic/mcp-server-elasticsearch#171 quote them).
/// </summary>
internal static partial class CompatibilityHeaders
{
    /// <summary>Null when a node of major version <paramref name="major"/> accepts the headers, else the 400 body.</summary>
    public static byte[]? Refusal(int major, string? accept, string? contentType, bool hasContent)
    {
        var minimum = major - 1;
        var acceptVersion = Version(accept);
        var contentVersion = Version(contentType);
        string? reason = null;
        var a = acceptVersion ?? major;
        var c = contentVersion ?? major;
        if (a > major || a < minimum)
        {
            reason = Invariant($"Accept version must be either version {major} or {minimum}, but found {a}. Accept={accept}");
        }
        else if (hasContent && (c > major || c < minimum))
        {
            reason = Invariant($"Content-Type version must be either version {major} or {minimum}, but found {c}. Content-Type={contentType}");
        }
        else if (hasContent && c != a)
        {
            reason = $"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version and the compatible versions must match. Accept={accept}, Content-Type={contentType}";
        }
        else if (hasContent && (acceptVersion is null) != (contentVersion is null))
        {
            reason = $"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. Accept={accept}, Content-Type={contentType}";
        }

        if (reason is null)
        {
            return null;
        }

        var header = new JsonObject { ["type"] = "media_type_header_exception", ["reason"] = "Invalid media-type value on headers [Accept, Content-Type]" };
        var error = new JsonObject
        {
            ["root_cause"] = new JsonArray(header.DeepClone()),
            ["type"] = "media_type_header_exception",
            ["reason"] = "Invalid media-type value on headers [Accept, Content-Type]",
            ["caused_by"] = new JsonObject { ["type"] = "status_exception", ["reason"] = reason },
        };
        // Elasticsearch does not escape '+' or '=' as \u002B, \u003D: neither does the stand-in.
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["error"] = error, ["status"] = 400 }.ToJsonString(options));
    }

    /// <summary>The <c>compatible-with</c> version of a media type, or null when it has none.</summary>
    public static int? Version(string? mediaType) =>
        mediaType is not null && CompatibleWith().Match(mediaType) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"compatible-with\s*=\s*(\d+)")]
    private static partial Regex CompatibleWith();
}
