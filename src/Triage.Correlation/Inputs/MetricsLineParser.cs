using System.Text;
using System.Text.Json;

namespace Triage.Correlation.Inputs;

/// <summary>
/// Parses one metrics line: an object with an integer <c>step</c>, optionally <c>rank</c> and a time,
/// and number fields (<c>NaN</c>/<c>Infinity</c>, bare as Python writes them or quoted, are read as
/// numbers, since a NaN loss is the point). Other fields are ignored. Never throws. Not thread-safe.
/// </summary>
internal sealed class MetricsLineParser
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    private readonly Utf8StringCache _cache = new();
    private readonly List<KeyValuePair<string, double>> _values = [];

    /// <summary>Parses <paramref name="line"/>; false when it is not a metrics row.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, out MetricsRow row)
    {
        row = default;
        _values.Clear();
        try
        {
            return TryParseCore(line, ref row);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            _values.Clear();
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

    private bool TryParseCore(ReadOnlySpan<byte> line, ref MetricsRow row)
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
                case JsonTokenType.Number when name.SequenceEqual("step"u8):
                    if (!reader.TryGetInt64(out var s))
                    {
                        return false;
                    }

                    step = s;
                    break;
                case JsonTokenType.Number when name.SequenceEqual("rank"u8):
                    rank = reader.TryGetInt32(out var r) && r >= 0 ? r : null;
                    break;
                case JsonTokenType.String or JsonTokenType.Number when JsonLineFields.IsTime(name):
                    time = JsonLineFields.TryGetTime(ref reader, out var t) ? t : null;
                    break;
                case JsonTokenType.Number when reader.TryGetDouble(out var number):
                    _values.Add(new(_cache.Key(name, out _), number));
                    break;
                case JsonTokenType.String when JsonLineFields.NonFinite(reader.ValueSpan) is { } special:
                    _values.Add(new(_cache.Key(name, out _), special));
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || step is null)
        {
            return false;
        }

        row = new MetricsRow(step.Value, rank, time, _values.Count == 0 ? [] : _values.ToArray());
        return true;
    }
}
