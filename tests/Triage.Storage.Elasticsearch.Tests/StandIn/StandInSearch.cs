using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// The part of Elasticsearch's search a stand-in needs to answer the store: bool/term/terms/
/// range/exists/wildcard queries, sort with <c>missing</c>, <c>search_after</c> (with the
/// point-in-time's implicit <c>_shard_doc</c>), hits totals, and the terms, composite,
/// min/max and filter aggregations, named with their type prefix when <c>typed_keys</c> is asked
/// (as the official client always asks).
/// </summary>
internal static partial class StandInSearch
{
    /// <summary>One stored document.</summary>
    internal sealed record Doc(string Index, string Id, JsonObject Source, long Ordinal);

    public static JsonObject Run(IReadOnlyList<Doc> docs, JsonObject body, bool typedKeys, string? pitId)
    {
        var matching = docs.Where(d => Matches(body["query"], d.Source)).ToList();
        var sort = SortSpec(body["sort"]);
        var pit = pitId is not null;
        var keyed = matching.Select(d => (Doc: d, Key: SortValues(d, sort, pit))).ToList();
        keyed.Sort((a, b) => CompareKeys(a.Key, b.Key, sort));
        if (body["search_after"] is JsonArray after)
        {
            keyed = keyed.Where(k => CompareKeys(k.Key, after.Select(v => v?.DeepClone()).ToList(), sort) > 0).ToList();
        }

        var size = body["size"]?.GetValue<int>() ?? 10;
        var hits = new JsonArray();
        foreach (var (doc, key) in keyed.Take(size))
        {
            var hit = new JsonObject { ["_index"] = doc.Index, ["_id"] = doc.Id, ["_score"] = null, ["_source"] = doc.Source.DeepClone() };
            if (sort.Count > 0 || pit)
            {
                hit["sort"] = new JsonArray(key.Select(v => v?.DeepClone()).ToArray());
            }

            hits.Add(hit);
        }

        var hitsObject = new JsonObject();
        if (body["track_total_hits"] is not JsonValue t || t.GetValueKind() != JsonValueKind.False)
        {
            hitsObject["total"] = new JsonObject { ["value"] = matching.Count, ["relation"] = "eq" };
        }

        hitsObject["max_score"] = null;
        hitsObject["hits"] = hits;
        var response = new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = hitsObject,
        };
        if ((body["aggregations"] ?? body["aggs"]) is JsonObject aggs)
        {
            response["aggregations"] = Aggregate(aggs, matching, typedKeys);
        }

        if (pitId is not null)
        {
            response["pit_id"] = pitId;
        }

        return response;
    }

    public static bool Matches(JsonNode? query, JsonObject source)
    {
        if (query is not JsonObject q || q.Count == 0)
        {
            return true;
        }

        var (kind, spec) = q.Single();
        switch (kind)
        {
            case "match_all":
                return true;
            case "bool":
                return Clauses(spec!["filter"]).All(c => Matches(c, source))
                    && Clauses(spec["must"]).All(c => Matches(c, source))
                    && !Clauses(spec["must_not"]).Any(c => Matches(c, source));
            case "term":
            {
                var (field, value) = spec!.AsObject().Single();
                var expected = value is JsonObject o ? o["value"] : value;
                return Field(source, field) is { } actual && Compare(actual, expected!) == 0;
            }

            case "terms":
            {
                var (field, values) = spec!.AsObject().Single();
                return Field(source, field) is { } actual && values!.AsArray().Any(v => Compare(actual, v!) == 0);
            }

            case "range":
            {
                var (field, bounds) = spec!.AsObject().Single();
                if (Field(source, field) is not { } actual)
                {
                    return false;
                }

                return bounds!.AsObject().All(b => b.Key switch
                {
                    "gte" => Compare(actual, b.Value!) >= 0,
                    "gt" => Compare(actual, b.Value!) > 0,
                    "lte" => Compare(actual, b.Value!) <= 0,
                    "lt" => Compare(actual, b.Value!) < 0,
                    _ => true,
                });
            }

            case "exists":
                return Field(source, spec!["field"]!.GetValue<string>()) is not null;
            case "wildcard":
            {
                var (field, value) = spec!.AsObject().Single();
                var pattern = value is JsonObject o ? o["value"]!.GetValue<string>() : value!.GetValue<string>();
                var insensitive = value is JsonObject p && p["case_insensitive"]?.GetValue<bool>() == true;
                var regex = "^" + Regex.Escape(pattern).Replace(@"\\\*", "\u0001", StringComparison.Ordinal).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal).Replace("\u0001", @"\*", StringComparison.Ordinal) + "$";
                return Field(source, field) is JsonValue v && v.TryGetValue<string>(out var text)
                    && Regex.IsMatch(text, regex, insensitive ? RegexOptions.IgnoreCase | RegexOptions.Singleline : RegexOptions.Singleline);
            }

            default:
                throw new NotSupportedException("stand-in: query " + kind);
        }
    }

    /// <summary>A field by dotted name: a flat key, else a path of objects (<c>message.raw</c> is the keyword of <c>message</c>).</summary>
    public static JsonNode? Field(JsonObject source, string field)
    {
        if (field.EndsWith(".raw", StringComparison.Ordinal))
        {
            field = field[..^4];
        }

        if (source.TryGetPropertyValue(field, out var flat))
        {
            return flat;
        }

        JsonNode? current = source;
        foreach (var part in field.Split('.'))
        {
            if (current is not JsonObject o || !o.TryGetPropertyValue(part, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static IEnumerable<JsonNode?> Clauses(JsonNode? node) => node switch
    {
        null => Array.Empty<JsonNode?>(),
        JsonArray a => a,
        _ => new[] { node },
    };

    /// <summary>Numbers as numbers, ISO times as instants, text ordinal.</summary>
    private static int Compare(JsonNode a, JsonNode b)
    {
        if (Number(a) is { } x && Number(b) is { } y)
        {
            return x.CompareTo(y);
        }

        return string.CompareOrdinal(Text(a), Text(b));
    }

    private static double? Number(JsonNode node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
        }

        return node is JsonValue s && s.TryGetValue<string>(out var text) && IsoTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : null;
    }

    private static string Text(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();

    private sealed record SortField(string Field, bool Descending, bool MissingFirst);

    private static List<SortField> SortSpec(JsonNode? sort)
    {
        var result = new List<SortField>();
        foreach (var entry in Clauses(sort))
        {
            if (entry is JsonValue name)
            {
                result.Add(new SortField(name.GetValue<string>(), false, false));
                continue;
            }

            var (field, spec) = entry!.AsObject().Single();
            var order = spec is JsonObject o ? o["order"]?.GetValue<string>() : spec!.GetValue<string>();
            var missing = spec is JsonObject m ? m["missing"]?.GetValue<string>() : null;
            result.Add(new SortField(field, order == "desc", missing == "_first"));
        }

        return result;
    }

    /// <summary>The hit's sort values: dates as epoch ms, missing dates/numbers as Long.MIN/MAX_VALUE (by <c>missing</c>), then <c>_shard_doc</c> under a point-in-time.</summary>
    private static List<JsonNode?> SortValues(Doc doc, List<SortField> sort, bool pit)
    {
        var values = new List<JsonNode?>();
        foreach (var s in sort)
        {
            var value = Field(doc.Source, s.Field);
            values.Add(value is null
                ? JsonValue.Create(s.MissingFirst != s.Descending ? long.MinValue : long.MaxValue)
                : Number(value) is { } n && value.GetValueKind() == JsonValueKind.String ? JsonValue.Create((long)n) : value.DeepClone());
        }

        if (pit)
        {
            values.Add(JsonValue.Create(doc.Ordinal));
        }

        return values;
    }

    private static int CompareKeys(List<JsonNode?> a, List<JsonNode?> b, List<SortField> sort)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = a[i] is null || b[i] is null ? (a[i] is null ? (b[i] is null ? 0 : -1) : 1) : Compare(a[i]!, b[i]!);
            if (c != 0)
            {
                return i < sort.Count && sort[i].Descending ? -c : c;
            }
        }

        return 0;
    }

    private static JsonObject Aggregate(JsonObject aggs, List<Doc> docs, bool typedKeys)
    {
        var result = new JsonObject();
        foreach (var (name, spec) in aggs)
        {
            var subs = (spec!["aggregations"] ?? spec["aggs"]) as JsonObject;
            var kind = spec.AsObject().Select(p => p.Key).First(k => k is not "aggregations" and not "aggs");
            var (prefix, value) = kind switch
            {
                "terms" => Terms(spec[kind]!.AsObject(), subs, docs, typedKeys),
                "composite" => ("composite", Composite(spec[kind]!.AsObject(), subs, docs, typedKeys)),
                "min" or "max" => (kind, Metric(kind, spec[kind]!["field"]!.GetValue<string>(), docs)),
                "filter" => ("filter", Bucket(new JsonObject(), docs.Where(d => Matches(spec[kind], d.Source)).ToList(), subs, typedKeys)),
                _ => throw new NotSupportedException("stand-in: aggregation " + kind),
            };
            result[typedKeys ? prefix + "#" + name : name] = value;
        }

        return result;
    }

    private static JsonObject Bucket(JsonObject bucket, List<Doc> docs, JsonObject? subs, bool typedKeys)
    {
        bucket["doc_count"] = docs.Count;
        if (subs is not null)
        {
            foreach (var (name, value) in Aggregate(subs, docs, typedKeys))
            {
                bucket[name] = value!.DeepClone();
            }
        }

        return bucket;
    }

    private static (string, JsonObject) Terms(JsonObject spec, JsonObject? subs, List<Doc> docs, bool typedKeys)
    {
        var field = spec["field"]!.GetValue<string>();
        var size = spec["size"]?.GetValue<int>() ?? 10;
        var groups = docs.Where(d => Field(d.Source, field) is not null).GroupBy(d => Field(d.Source, field)!.ToJsonString()).ToList();
        var numeric = groups.Count > 0 && groups.All(g => Field(g.First().Source, field)!.GetValueKind() == JsonValueKind.Number);
        var buckets = new JsonArray();
        foreach (var g in groups.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(size))
        {
            buckets.Add(Bucket(new JsonObject { ["key"] = Field(g.First().Source, field)!.DeepClone() }, g.ToList(), subs, typedKeys));
        }

        return (numeric ? "lterms" : "sterms", new JsonObject { ["doc_count_error_upper_bound"] = 0, ["sum_other_doc_count"] = Math.Max(0, docs.Count - buckets.Sum(b => b!["doc_count"]!.GetValue<int>())), ["buckets"] = buckets });
    }

    private static JsonObject Composite(JsonObject spec, JsonObject? subs, List<Doc> docs, bool typedKeys)
    {
        var size = spec["size"]?.GetValue<int>() ?? 10;
        var sources = spec["sources"]!.AsArray().Select(s => s!.AsObject().Single()).Select(s => (Name: s.Key, Kind: s.Value!.AsObject().Single().Key, Spec: s.Value!.AsObject().Single().Value!.AsObject())).ToList();
        var groups = new Dictionary<string, (List<JsonNode?> Key, List<Doc> Docs)>(StringComparer.Ordinal);
        foreach (var doc in docs)
        {
            var key = new List<JsonNode?>();
            var skip = false;
            foreach (var (_, kind, source) in sources)
            {
                var value = Field(doc.Source, source["field"]!.GetValue<string>());
                if (value is null && source["missing_bucket"]?.GetValue<bool>() != true)
                {
                    skip = true;
                }

                key.Add(value is null ? null
                    : kind == "date_histogram" ? JsonValue.Create((long)(Math.Floor(Number(value)!.Value / Interval(source)) * Interval(source)))
                    : value.DeepClone());
            }

            if (!skip)
            {
                var id = new JsonArray(key.Select(k => k?.DeepClone()).ToArray()).ToJsonString();
                if (!groups.TryGetValue(id, out var group))
                {
                    groups[id] = group = (key, []);
                }

                group.Docs.Add(doc);
            }
        }

        var ordered = groups.Values.ToList();
        var none = new List<SortField>();
        ordered.Sort((a, b) => CompareKeys(a.Key, b.Key, none));
        if (spec["after"] is JsonObject after)
        {
            var afterKey = sources.Select(s => after[s.Name]?.DeepClone()).ToList();
            ordered = ordered.Where(g => CompareKeys(g.Key, afterKey, none) > 0).ToList();
        }

        var buckets = new JsonArray();
        JsonObject? last = null;
        foreach (var (key, groupDocs) in ordered.Take(size))
        {
            var keyObject = new JsonObject();
            for (var i = 0; i < sources.Count; i++)
            {
                keyObject[sources[i].Name] = key[i]?.DeepClone();
            }

            last = keyObject;
            buckets.Add(Bucket(new JsonObject { ["key"] = keyObject }, groupDocs, subs, typedKeys));
        }

        var result = new JsonObject();
        if (last is not null)
        {
            result["after_key"] = last.DeepClone();
        }

        result["buckets"] = buckets;
        return result;
    }

    private static double Interval(JsonObject source) =>
        double.Parse(source["fixed_interval"]!.GetValue<string>().TrimEnd('s'), CultureInfo.InvariantCulture) * 1000;

    private static JsonObject Metric(string kind, string field, List<Doc> docs)
    {
        var values = docs.Select(d => Field(d.Source, field)).Where(v => v is not null).Select(v => (Value: Number(v!), Date: v!.GetValueKind() == JsonValueKind.String)).Where(v => v.Value is not null).ToList();
        if (values.Count == 0)
        {
            return new JsonObject { ["value"] = null };
        }

        var value = kind == "min" ? values.Min(v => v.Value!.Value) : values.Max(v => v.Value!.Value);
        var result = new JsonObject { ["value"] = value };
        if (values[0].Date)
        {
            result["value_as_string"] = DateTimeOffset.FromUnixTimeMilliseconds((long)value).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        return result;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T")]
    private static partial Regex IsoTime();
}
