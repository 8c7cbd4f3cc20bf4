using System.Globalization;
using System.Text.Json;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// A symptom as an ECS document and back. A data stream needs <c>@timestamp</c> on every
/// document, so a timeless symptom gets its ingest time there; its own time (absent when it
/// had none) is <c>triage.timestamp</c>, which filters, sorting and aggregations use.
/// </summary>
internal static class SymptomDocument
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static void Write(Utf8JsonWriter w, Symptom s, DateTimeOffset ingested)
    {
        w.WriteStartObject();
        w.WriteString("@timestamp", Time(s.Timestamp ?? ingested));
        w.WriteString("message", s.Message);
        if (s.Host is not null)
        {
            w.WriteStartObject("host");
            w.WriteString("name", s.Host);
            w.WriteEndObject();
        }

        if (s.Pid is { } pid)
        {
            w.WriteStartObject("process");
            w.WriteNumber("pid", pid);
            w.WriteEndObject();
        }

        w.WriteStartObject("event");
        w.WriteString("kind", "event");
        w.WriteString("category", EcsCategory(s.Category));
        w.WriteString("type", s.Severity >= Severity.Error ? "error" : "info");
        w.WriteString("dataset", "triage.symptoms");
        w.WriteString("module", "triage");
        w.WriteNumber("severity", (int)s.Severity);
        w.WriteString("ingested", Time(ingested));
        w.WriteEndObject();
        if (s.Severity >= Severity.Error)
        {
            w.WriteStartObject("error");
            w.WriteString("type", s.Kind);
            w.WriteString("message", s.Message);
            w.WriteEndObject();
        }

        w.WriteStartObject("log");
        w.WriteStartObject("file");
        w.WriteString("path", s.Source.Path);
        w.WriteEndObject();
        w.WriteNumber("offset", s.Source.Offset);
        w.WriteString("level", Names.Of(s.Severity));
        w.WriteEndObject();
        w.WriteStartObject("labels");
        w.WriteString("triage_run", s.Run);
        w.WriteEndObject();
        w.WriteStartObject("triage");
        w.WriteString("id", s.Id);
        w.WriteString("run", s.Run);
        w.WriteString("kind", s.Kind);
        w.WriteString("category", Names.Of(s.Category));
        w.WriteString("severity", Names.Of(s.Severity));
        w.WriteNumber("severity_level", (int)s.Severity);
        w.WriteString("signature", s.Signature);
        w.WriteString("rule", s.Rule);
        Optional(w, "rank", s.Rank);
        Optional(w, "local_rank", s.LocalRank);
        Optional(w, "gpu", s.Gpu);
        w.WriteNumber("line", s.Source.Line);
        if (s.Timestamp is { } ts)
        {
            w.WriteString("timestamp", Time(ts));
        }

        if (s.TimeInferred)
        {
            w.WriteBoolean("time_inferred", true);
        }

        w.WriteStartObject("attrs");
        foreach (var (key, value) in s.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Reads a document's <c>_source</c>.</summary>
    /// <exception cref="StoreException">Required fields are missing (not a document this store wrote).</exception>
    public static Symptom Read(JsonElement source)
    {
        try
        {
            var t = source.GetProperty("triage");
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
            if (t.TryGetProperty("attrs", out var a) && a.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in a.EnumerateObject())
                {
                    attrs[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }

            return new Symptom
            {
                Id = t.GetProperty("id").GetString()!,
                Run = t.GetProperty("run").GetString()!,
                Timestamp = t.TryGetProperty("timestamp", out var ts) ? DateTimeOffset.Parse(ts.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) : null,
                TimeInferred = t.TryGetProperty("time_inferred", out var ti) && ti.ValueKind == JsonValueKind.True,
                Host = source.TryGetProperty("host", out var host) && host.TryGetProperty("name", out var hn) ? hn.GetString() : null,
                Pid = source.TryGetProperty("process", out var process) && process.TryGetProperty("pid", out var pid) ? pid.GetInt32() : null,
                Rank = Int(t, "rank"),
                LocalRank = Int(t, "local_rank"),
                Gpu = Int(t, "gpu"),
                Kind = t.GetProperty("kind").GetString()!,
                Category = Names.TryParse<SymptomCategory>(t.GetProperty("category").GetString(), out var c) ? c : throw new FormatException("unknown category"),
                Severity = Names.TryParse<Severity>(t.GetProperty("severity").GetString(), out var sev) ? sev : throw new FormatException("unknown severity"),
                Signature = t.GetProperty("signature").GetString()!,
                Message = source.GetProperty("message").GetString()!,
                Source = new SymptomSource(
                    source.GetProperty("log").GetProperty("file").GetProperty("path").GetString()!,
                    t.GetProperty("line").GetInt64(),
                    source.GetProperty("log").GetProperty("offset").GetInt64()),
                Rule = t.GetProperty("rule").GetString()!,
                Attrs = attrs,
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new StoreException($"a stored symptom document is not one this build reads: {ex.Message}", ex);
        }
    }

    /// <summary>The time format of every date the store writes (UTC, milliseconds).</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The ECS <c>event.category</c> closest to our category.</summary>
    public static string EcsCategory(SymptomCategory category) => category switch
    {
        SymptomCategory.Hardware => "host",
        SymptomCategory.Network => "network",
        SymptomCategory.Software => "process",
        SymptomCategory.Data => "process",
        SymptomCategory.Resource => "host",
        SymptomCategory.Scheduler => "process",
        _ => "process",
    };

    private static int? Int(JsonElement t, string name) => t.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static void Optional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }
}
