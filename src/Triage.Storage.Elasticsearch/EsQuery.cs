using System.Text;
using System.Text.Json;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// <see cref="SymptomFilter"/> as an Elasticsearch bool query (every clause in <c>filter</c>
/// context: term/terms, range, wildcard), and <see cref="SymptomField"/> as document fields.
/// </summary>
internal static class EsQuery
{
    /// <summary>The document field a group-by or filter field reads.</summary>
    public static string FieldOf(SymptomField field) => field.BucketSeconds > 0
        ? "triage.timestamp"
        : field.Attribute is { } attribute
            ? "triage.attrs." + attribute
            : field.Name switch
            {
                "host" => "host.name",
                "pid" => "process.pid",
                "source.path" => "log.file.path",
                var name => "triage." + name,
            };

    /// <summary>Writes <c>"query": {...}</c> for <paramref name="filter"/>.</summary>
    public static void WriteQuery(Utf8JsonWriter w, SymptomFilter filter)
    {
        w.WritePropertyName("query");
        WriteBool(w, filter);
    }

    /// <summary>Writes the bool query object itself.</summary>
    public static void WriteBool(Utf8JsonWriter w, SymptomFilter filter)
    {
        w.WriteStartObject();
        w.WriteStartObject("bool");
        w.WriteStartArray("filter");
        if (filter.Run is not null)
        {
            Term(w, "triage.run", filter.Run);
        }

        if (filter.From is not null || filter.To is not null)
        {
            w.WriteStartObject();
            w.WriteStartObject("range");
            w.WriteStartObject("triage.timestamp");
            if (filter.From is { } from)
            {
                w.WriteString("gte", SymptomDocument.Time(from));
            }

            if (filter.To is { } to)
            {
                w.WriteString("lt", SymptomDocument.Time(to));
            }

            w.WriteString("format", "strict_date_optional_time");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        if (filter.Timed == true)
        {
            Exists(w, "triage.timestamp");
        }

        Terms(w, "triage.kind", filter.Kinds);
        Terms(w, "triage.category", filter.Categories.Select(Names.Of).ToList());
        Terms(w, "host.name", filter.Hosts);
        if (filter.Ranks.Count > 0)
        {
            w.WriteStartObject();
            w.WriteStartObject("terms");
            w.WriteStartArray("triage.rank");
            foreach (var rank in filter.Ranks)
            {
                w.WriteNumberValue(rank);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        Terms(w, "triage.signature", filter.Signatures);
        if (filter.MinSeverity is { } minimum)
        {
            w.WriteStartObject();
            w.WriteStartObject("range");
            w.WriteStartObject("triage.severity_level");
            w.WriteNumber("gte", (int)minimum);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        if (!string.IsNullOrEmpty(filter.Text))
        {
            w.WriteStartObject();
            w.WriteStartObject("wildcard");
            w.WriteStartObject("message.raw");
            w.WriteString("value", "*" + EscapeWildcard(filter.Text) + "*");
            w.WriteBoolean("case_insensitive", true);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        foreach (var (name, value) in filter.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Term(w, "triage.attrs." + name, value);
        }

        w.WriteEndArray();
        if (filter.Timed == false)
        {
            w.WriteStartArray("must_not");
            Exists(w, "triage.timestamp");
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Exists(Utf8JsonWriter w, string field)
    {
        w.WriteStartObject();
        w.WriteStartObject("exists");
        w.WriteString("field", field);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Escapes <c>*</c>, <c>?</c> and <c>\</c> so the text matches literally inside a wildcard pattern.</summary>
    public static string EscapeWildcard(string text)
    {
        var sb = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Writes <c>"query": {"bool": {"filter": [{"term": {field: value}}]}}</c>, or <c>match_all</c> when <paramref name="field"/> is null.</summary>
    public static void WriteTermQuery(Utf8JsonWriter w, string? field, string? value)
    {
        w.WritePropertyName("query");
        w.WriteStartObject();
        if (field is null || value is null)
        {
            w.WriteStartObject("match_all");
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartObject("bool");
            w.WriteStartArray("filter");
            Term(w, field, value);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Writes the <c>first</c> (min) and <c>last</c> (max) symptom-time sub-aggregations.</summary>
    public static void WriteFirstLast(Utf8JsonWriter w)
    {
        foreach (var (name, op) in new[] { ("first", "min"), ("last", "max") })
        {
            w.WriteStartObject(name);
            w.WriteStartObject(op);
            w.WriteString("field", "triage.timestamp");
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    public static void Term(Utf8JsonWriter w, string field, string value)
    {
        w.WriteStartObject();
        w.WriteStartObject("term");
        w.WriteString(field, value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Terms(Utf8JsonWriter w, string field, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartObject();
        w.WriteStartObject("terms");
        w.WriteStartArray(field);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
