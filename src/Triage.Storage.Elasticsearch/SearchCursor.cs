using System.Text;
using System.Text.Json;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// The opaque page cursor: the point-in-time id (when one is open) and the last hit's sort values
/// (<c>triage.timestamp</c>, <c>triage.id</c>, and the PIT's implicit <c>_shard_doc</c>), base64url JSON.
/// </summary>
internal sealed record SearchCursor(string? PitId, string SortValuesJson)
{
    public string Encode()
    {
        var json = EsClient.Json(w =>
        {
            w.WriteStartObject();
            if (PitId is not null)
            {
                w.WriteString("pit", PitId);
            }

            w.WritePropertyName("after");
            w.WriteRawValue(SortValuesJson);
            w.WriteEndObject();
        });
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <exception cref="TriageException">Not a cursor this store handed out (usage).</exception>
    public static SearchCursor Decode(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(base64));
            var after = doc.RootElement.GetProperty("after");
            if (after.ValueKind != JsonValueKind.Array || after.GetArrayLength() < 2)
            {
                throw new FormatException("no sort values");
            }

            var pit = doc.RootElement.TryGetProperty("pit", out var p) ? p.GetString() : null;
            return new SearchCursor(pit, after.GetRawText());
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new TriageException("invalid page cursor: pass back the cursor of the previous page unchanged", ExitCodes.Usage, ex);
        }
    }

    /// <summary>The first two sort values only (to continue without the expired PIT).</summary>
    public string WithoutShardDoc()
    {
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(SortValuesJson));
        var values = doc.RootElement.EnumerateArray().Take(2).Select(v => v.GetRawText());
        return "[" + string.Join(',', values) + "]";
    }
}
