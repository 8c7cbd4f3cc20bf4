using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Triage.Symptoms;

/// <summary>
/// Writes symptoms as the JSON objects of docs/architecture.md §3 (<c>triage extract --json</c>, <c>symptoms --json</c>):
/// ECS-style names, <c>source.line</c> 1-based, absent values omitted. Thread-safe (stateless).
/// </summary>
public static class SymptomJson
{
    /// <summary>Writer options for JSON Lines: compact, control characters escaped, other text kept readable.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes one symptom as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, Symptom symptom)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(symptom);
        writer.WriteStartObject();
        writer.WriteString("id", symptom.Id);
        if (symptom.Timestamp is { } ts)
        {
            writer.WriteString("@timestamp", ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }

        if (symptom.TimeInferred)
        {
            writer.WriteBoolean("time_inferred", true);
        }

        writer.WriteString("run", symptom.Run);
        WriteOptional(writer, "host", symptom.Host);
        WriteOptional(writer, "rank", symptom.Rank);
        WriteOptional(writer, "local_rank", symptom.LocalRank);
        WriteOptional(writer, "gpu", symptom.Gpu);
        WriteOptional(writer, "pid", symptom.Pid);
        writer.WriteString("kind", symptom.Kind);
        writer.WriteString("category", Names.Of(symptom.Category));
        writer.WriteString("severity", Names.Of(symptom.Severity));
        writer.WriteString("signature", symptom.Signature);
        writer.WriteString("message", symptom.Message);
        writer.WriteStartObject("source");
        writer.WriteString("path", symptom.Source.Path);
        writer.WriteNumber("line", symptom.Source.Line);
        writer.WriteNumber("offset", symptom.Source.Offset);
        writer.WriteEndObject();
        writer.WriteString("rule", symptom.Rule);
        writer.WriteStartObject("attrs");
        foreach (var (key, value) in symptom.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }
}
