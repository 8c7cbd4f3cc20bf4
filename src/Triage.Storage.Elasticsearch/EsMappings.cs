using System.Text.Json;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// The mappings the store installs. Symptoms are ECS documents (<c>@timestamp</c>, <c>message</c>,
/// <c>host.name</c>, <c>process.pid</c>, <c>event.*</c>, <c>error.*</c>, <c>log.file.path</c>,
/// <c>log.offset</c>, <c>labels</c>) with our own fields under <c>triage.*</c> and free-form
/// attributes in one <c>flattened</c> field, so a run's many attribute names never grow the mapping.
/// Unknown fields are kept in <c>_source</c> but not indexed (<c>dynamic: false</c>).
/// </summary>
internal static class EsMappings
{
    private static readonly Dictionary<string, string[]> StateFields = new(StringComparer.Ordinal)
    {
        ["hypotheses"] = ["run:keyword", "hypothesis_id:keyword", "rank:integer", "score:double", "doc:disabled", "first_analyzed:date", "last_analyzed:date"],
        ["analyses"] = ["run:keyword", "analyzed_at:date", "symptoms:long", "unexplained:long", "claims:disabled", "by_id:disabled"],
        ["votes"] = ["run:keyword", "hypothesis:keyword", "voter:keyword", "vote:byte", "at:date"],
        ["reviews"] = ["run:keyword", "hypothesis:keyword", "kind:keyword", "author:keyword", "text:match_only_text", "at:date", "seq:long"],
        ["checkpoints"] = ["run:keyword", "path:keyword", "source_id:keyword", "fingerprint:keyword", "offset:long", "line:long", "last_timestamp:date", "complete:boolean", "updated_at:date"],
        ["failures"] = ["run:keyword", "path:keyword", "kind:keyword", "reason:keyword", "at:date"],
        ["deadletter"] = ["run:keyword", "symptom_id:keyword", "source_path:keyword", "reason:keyword", "at:date", "document:disabled"],
    };

    /// <summary>The component template with the symptom (event) mapping.</summary>
    public static void WriteEventsComponent(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("version", EsLayout.TemplateVersion);
        WriteMeta(w);
        w.WriteStartObject("template");
        w.WriteStartObject("mappings");
        w.WriteBoolean("dynamic", false);
        w.WriteStartObject("properties");
        Field(w, "@timestamp", "date");
        w.WriteStartObject("message");
        w.WriteString("type", "match_only_text");
        w.WriteStartObject("fields");
        w.WriteStartObject("raw");
        w.WriteString("type", "keyword");
        w.WriteNumber("ignore_above", 8191);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        Object(w, "host", () => Field(w, "name", "keyword"));
        Object(w, "process", () => Field(w, "pid", "long"));
        Object(w, "event", () =>
        {
            foreach (var name in new[] { "kind", "category", "type", "dataset", "module" })
            {
                Field(w, name, "keyword");
            }

            Field(w, "severity", "long");
            Field(w, "ingested", "date");
        });
        Object(w, "error", () =>
        {
            Field(w, "type", "keyword");
            Field(w, "message", "match_only_text");
        });
        Object(w, "log", () =>
        {
            Object(w, "file", () => Field(w, "path", "keyword"));
            Field(w, "offset", "long");
            Field(w, "level", "keyword");
        });
        Object(w, "labels", () => Field(w, "triage_run", "keyword"));
        Object(w, "triage", () =>
        {
            foreach (var name in new[] { "id", "run", "kind", "category", "severity", "signature", "rule" })
            {
                Field(w, name, "keyword");
            }

            Field(w, "severity_level", "byte");
            Field(w, "rank", "integer");
            Field(w, "local_rank", "integer");
            Field(w, "gpu", "integer");
            Field(w, "line", "long");
            Field(w, "timestamp", "date");
            Field(w, "time_inferred", "boolean");
            Field(w, "attrs", "flattened");
        });
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The index template that makes <c>triage-events-*</c> a data stream.</summary>
    public static void WriteEventsIndexTemplate(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("version", EsLayout.TemplateVersion);
        WriteMeta(w);
        w.WriteStartArray("index_patterns");
        w.WriteStringValue("triage-events-*");
        w.WriteEndArray();
        w.WriteStartObject("data_stream");
        w.WriteEndObject();
        w.WriteStartArray("composed_of");
        w.WriteStringValue("triage-events-mappings");
        w.WriteEndArray();
        w.WriteNumber("priority", 200);
        w.WriteEndObject();
    }

    /// <summary>The index template of one state kind (hypotheses, votes, ...): pattern <c>triage-KIND-*</c>.</summary>
    public static void WriteStateIndexTemplate(Utf8JsonWriter w, string kind)
    {
        w.WriteStartObject();
        w.WriteNumber("version", EsLayout.TemplateVersion);
        WriteMeta(w);
        w.WriteStartArray("index_patterns");
        w.WriteStringValue($"triage-{kind}-*");
        w.WriteEndArray();
        w.WriteNumber("priority", 200);
        w.WriteStartObject("template");
        w.WriteStartObject("mappings");
        w.WriteBoolean("dynamic", false);
        w.WriteStartObject("properties");
        foreach (var spec in StateFields[kind])
        {
            var (name, type) = (spec[..spec.IndexOf(':', StringComparison.Ordinal)], spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            if (type == "disabled")
            {
                w.WriteStartObject(name);
                w.WriteString("type", "object");
                w.WriteBoolean("enabled", false);
                w.WriteEndObject();
            }
            else
            {
                Field(w, name, type);
            }
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteMeta(Utf8JsonWriter w)
    {
        w.WriteStartObject("_meta");
        w.WriteString("managed_by", "triage");
        w.WriteString("description", "Triage store (see README: Scaling out with Elasticsearch)");
        w.WriteEndObject();
    }

    private static void Field(Utf8JsonWriter w, string name, string type)
    {
        w.WriteStartObject(name);
        w.WriteString("type", type);
        w.WriteEndObject();
    }

    private static void Object(Utf8JsonWriter w, string name, Action properties)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("properties");
        properties();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
