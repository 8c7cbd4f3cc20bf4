using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Triage.Storage.Embedded;

/// <summary>
/// Attributes are one JSON object per symptom (NULL when empty) so that SQLite's JSON functions
/// can filter and group by them. Keys are normalized with <see cref="StoreText.NormalizeKey"/>,
/// values with <see cref="StoreText.Normalize"/>; when two keys become equal that way, the first one wins.
/// </summary>
internal sealed class AttrsJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The JSON never reaches HTML; relaxed escaping keeps non-ASCII text readable and small.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private Utf8JsonWriter? _writer;

    /// <summary>Writes <paramref name="attrs"/> as UTF-8 JSON into a reused buffer; empty when there is nothing to store.</summary>
    public ReadOnlySpan<byte> Write(IReadOnlyDictionary<string, string>? attrs)
    {
        _buffer.ResetWrittenCount();
        if (attrs is null || attrs.Count == 0)
        {
            return [];
        }

        var writer = _writer ??= new Utf8JsonWriter(_buffer, WriterOptions);
        writer.Reset(_buffer);
        _seen.Clear();
        writer.WriteStartObject();
        foreach (var (key, value) in attrs)
        {
            var storedKey = StoreText.NormalizeKey(key ?? string.Empty);
            if (!_seen.Add(storedKey))
            {
                continue;
            }

            if (value is null)
            {
                writer.WriteNull(storedKey);
            }
            else
            {
                writer.WriteString(storedKey, StoreText.Normalize(value));
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>Reads what <see cref="Write"/> stored; null reads as an empty dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return Empty;
        }

        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            result[key] = reader.TokenType == JsonTokenType.Null ? null! : reader.GetString()!;
        }

        return result;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"expected {type} in stored attributes");
        }
    }
}
