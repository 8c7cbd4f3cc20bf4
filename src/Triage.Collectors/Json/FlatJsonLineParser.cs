using System.Text;
using System.Text.Json;

namespace Triage.Collectors.Json;

/// <summary>
/// Reads one JSONL line as a flat object for the manifest and metrics parsers: integer <c>rank</c>
/// and <c>step</c>, a time field, number fields (<c>NaN</c>/<c>Infinity</c>, bare as Python writes
/// them or quoted, count as numbers) and, when asked, string fields (interned through a bounded
/// cache). Nested values, booleans and nulls are ignored. Never throws. The lists are reused by
/// the next line: copy what you keep. Not thread-safe: one per enumeration.
/// </summary>
internal sealed class FlatJsonLineParser(bool collectStrings)
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    private readonly Utf8StringCache _cache = new();

    /// <summary>The <c>rank</c> field, when it was a non-negative 32-bit integer.</summary>
    public int? Rank { get; private set; }

    /// <summary>True when a <c>rank</c> number was there but not a non-negative 32-bit integer.</summary>
    public bool RankInvalid { get; private set; }

    /// <summary>The <c>step</c> field.</summary>
    public long? Step { get; private set; }

    /// <summary>The time field (see <see cref="JsonLineFields.IsTime"/>).</summary>
    public DateTimeOffset? Time { get; private set; }

    /// <summary>String fields other than the time, in line order (only when collecting strings).</summary>
    public List<KeyValuePair<string, string>> Strings { get; } = [];

    /// <summary>Number fields other than rank and step, in line order.</summary>
    public List<KeyValuePair<string, double>> Numbers { get; } = [];

    /// <summary>False when the line is not a JSON object, or its <c>step</c> is not an integer.</summary>
    public bool TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            return TryParseCore(line);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }

        try
        {
            return JsonLineFields.QuoteBareNonFinite(line) is { } quoted && TryParseCore(quoted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private bool TryParseCore(ReadOnlySpan<byte> line)
    {
        Rank = null;
        RankInvalid = false;
        Step = null;
        Time = null;
        Strings.Clear();
        Numbers.Clear();
        var reader = new Utf8JsonReader(line, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                case JsonTokenType.Number when JsonLineFields.IsRank(name):
                    if (reader.TryGetInt32(out var r) && r >= 0)
                    {
                        Rank = r;
                    }
                    else
                    {
                        RankInvalid = true;
                    }

                    break;
                case JsonTokenType.Number when JsonLineFields.IsStep(name):
                    if (!reader.TryGetInt64(out var s))
                    {
                        return false;
                    }

                    Step = s;
                    break;
                case JsonTokenType.String or JsonTokenType.Number when JsonLineFields.IsTime(name):
                    Time = JsonLineFields.TryGetTime(ref reader, out var t) ? t : null;
                    break;
                case JsonTokenType.String when JsonLineFields.NonFinite(reader.ValueSpan) is { } special:
                    Numbers.Add(new(_cache.Key(name, out _), special));
                    break;
                case JsonTokenType.String when collectStrings:
                    var key = _cache.Key(name, out var values);
                    var value = reader.ValueIsEscaped ? reader.GetString()! : Utf8StringCache.Value(reader.ValueSpan, values);
                    Strings.Add(new(key, value));
                    break;
                case JsonTokenType.Number when reader.TryGetDouble(out var number):
                    Numbers.Add(new(_cache.Key(name, out _), number));
                    break;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }
}
