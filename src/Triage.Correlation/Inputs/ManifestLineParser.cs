using System.Text;
using System.Text.Json;

namespace Triage.Correlation.Inputs;

/// <summary>
/// Parses one step-manifest line with <see cref="Utf8JsonReader"/>: an object with integer
/// <c>rank</c> (≥ 0) and <c>step</c>; string fields become <see cref="ManifestRow.Strings"/> (interned
/// through a bounded cache), numbers (and NaN/Infinity, bare or quoted) <see cref="ManifestRow.Numbers"/>; nested values, booleans and
/// nulls are ignored. Never throws. Not thread-safe: one per enumeration.
/// </summary>
internal sealed class ManifestLineParser
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    private readonly Utf8StringCache _cache = new();
    private readonly List<KeyValuePair<string, string>> _strings = [];
    private readonly List<KeyValuePair<string, double>> _numbers = [];

    /// <summary>Parses <paramref name="line"/>; false when it is not a manifest row.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, out ManifestRow row)
    {
        row = default;
        _strings.Clear();
        _numbers.Clear();
        try
        {
            return TryParseCore(line, ref row);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            _strings.Clear();
            _numbers.Clear();
        }

        try
        {
            return JsonLineFields.QuoteBareNonFinite(line) is { } quoted && TryParseCore(quoted, ref row);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private bool TryParseCore(ReadOnlySpan<byte> line, ref ManifestRow row)
    {
        var reader = new Utf8JsonReader(line, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        int? rank = null;
        long? step = null;
        DateTimeOffset? time = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                case JsonTokenType.Number when name.SequenceEqual("rank"u8):
                    if (!reader.TryGetInt32(out var r) || r < 0)
                    {
                        return false;
                    }

                    rank = r;
                    break;
                case JsonTokenType.Number when name.SequenceEqual("step"u8):
                    if (!reader.TryGetInt64(out var s))
                    {
                        return false;
                    }

                    step = s;
                    break;
                case JsonTokenType.String or JsonTokenType.Number when JsonLineFields.IsTime(name):
                    time = JsonLineFields.TryGetTime(ref reader, out var t) ? t : null;
                    break;
                case JsonTokenType.String when JsonLineFields.NonFinite(reader.ValueSpan) is { } special:
                    _numbers.Add(new(_cache.Key(name, out _), special));
                    break;
                case JsonTokenType.String:
                    var key = _cache.Key(name, out var values);
                    var value = reader.ValueIsEscaped ? reader.GetString()! : Utf8StringCache.Value(reader.ValueSpan, values);
                    _strings.Add(new(key, value));
                    break;
                case JsonTokenType.Number when reader.TryGetDouble(out var number):
                    _numbers.Add(new(_cache.Key(name, out _), number));
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || rank is null || step is null)
        {
            return false;
        }

        row = new ManifestRow(rank.Value, step.Value, time, _strings.Count == 0 ? [] : _strings.ToArray())
        {
            Numbers = _numbers.Count == 0 ? [] : _numbers.ToArray(),
        };
        return true;
    }
}
