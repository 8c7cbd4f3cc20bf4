using System.Text.Json;
using Triage.Storage;

namespace Triage.Hypotheses;

/// <summary>
/// One attribution claim as both stores keep it: <c>{"hypothesis", "role", "kinds", "hosts",
/// "ranks"?, "attrs"?, "from"?, "to"?}</c>, times in Unix milliseconds. <c>ranks</c> and
/// <c>attrs</c> are written only when set, so claims written before them read the same.
/// </summary>
public static class AttributionClaimJson
{
    /// <summary>Writes <paramref name="claim"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, AttributionClaim claim)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(claim);
        var f = claim.Filter;
        writer.WriteStartObject();
        writer.WriteString("hypothesis", claim.Hypothesis);
        writer.WriteString("role", RoleName(claim.Role));
        writer.WriteStartArray("kinds");
        foreach (var kind in f.Kinds)
        {
            writer.WriteStringValue(kind);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("hosts");
        foreach (var host in f.Hosts)
        {
            writer.WriteStringValue(host);
        }

        writer.WriteEndArray();
        if (f.Ranks.Count > 0)
        {
            writer.WriteStartArray("ranks");
            foreach (var rank in f.Ranks)
            {
                writer.WriteNumberValue(rank);
            }

            writer.WriteEndArray();
        }

        if (f.Attrs.Count > 0)
        {
            writer.WriteStartObject("attrs");
            foreach (var (name, value) in f.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        if (f.From is { } from)
        {
            writer.WriteNumber("from", from.ToUnixTimeMilliseconds());
        }

        if (f.To is { } to)
        {
            writer.WriteNumber("to", to.ToUnixTimeMilliseconds());
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one claim of run <paramref name="run"/> written by <see cref="Write"/>.</summary>
    /// <exception cref="KeyNotFoundException">A required property is missing.</exception>
    /// <exception cref="InvalidOperationException">A property has the wrong JSON type.</exception>
    public static AttributionClaim Read(JsonElement e, string run) => new(
        e.GetProperty("hypothesis").GetString()!,
        e.GetProperty("role").GetString() == "root" ? AttributionRole.Root : AttributionRole.Collateral,
        new SymptomFilter
        {
            Run = run,
            Kinds = [.. e.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!)],
            Hosts = [.. e.GetProperty("hosts").EnumerateArray().Select(k => k.GetString()!)],
            Ranks = e.TryGetProperty("ranks", out var ranks) ? [.. ranks.EnumerateArray().Select(r => r.GetInt32())] : [],
            Attrs = e.TryGetProperty("attrs", out var attrs) ? attrs.EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString()!, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal),
            From = e.TryGetProperty("from", out var from) ? DateTimeOffset.FromUnixTimeMilliseconds(from.GetInt64()) : null,
            To = e.TryGetProperty("to", out var to) ? DateTimeOffset.FromUnixTimeMilliseconds(to.GetInt64()) : null,
        });

    private static string RoleName(AttributionRole role) => role == AttributionRole.Root ? "root" : "collateral";
}
