using System.Globalization;
using System.Text.Json;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// The contract's group-by counts as a composite aggregation (terms sources, a date_histogram
/// source for time buckets, <c>missing_bucket</c> for absent values, min/max of the symptom time
/// per group), paged with <c>after_key</c> until done, then ordered largest first. Exact, unlike
/// a terms aggregation's per-shard top-N.
/// </summary>
internal sealed class SymptomAggregations
{
    /// <summary>Composite page size.</summary>
    internal const int PageSize = 1000;

    /// <summary>Groups read at most before the call fails (memory bound).</summary>
    internal const int MaxScannedGroups = 1_000_000;

    private readonly EsClient _client;
    private readonly EsLayout _layout;

    public SymptomAggregations(EsClient client, EsLayout layout)
    {
        _client = client;
        _layout = layout;
    }

    public async Task<AggregateResult> RunAsync(SymptomFilter filter, IReadOnlyList<SymptomField> groupBy, int maxGroups, CancellationToken cancellationToken)
    {
        var rows = new List<AggregateRow>();
        long total = 0;
        string? afterKey = null;
        do
        {
            var (_, doc) = await _client.JsonAsync("aggregate symptoms", HttpMethod.Post, _layout.Events + "/_search", w => WriteBody(w, filter, groupBy, afterKey), cancellationToken).ConfigureAwait(false);
            using (doc)
            {
                var root = doc.RootElement;
                if (afterKey is null)
                {
                    total = root.GetProperty("hits").GetProperty("total").GetProperty("value").GetInt64();
                }

                var (page, next) = ParseComposite(root.GetProperty("aggregations").GetProperty("groups"), groupBy);
                rows.AddRange(page);
                afterKey = page.Count == 0 ? null : next;
            }

            if (rows.Count > MaxScannedGroups)
            {
                throw new StoreException($"aggregate symptoms: more than {MaxScannedGroups.ToString(CultureInfo.InvariantCulture)} groups; narrow the filter or group by fewer fields");
            }
        }
        while (afterKey is not null);

        rows.Sort(CompareRows);
        var truncated = rows.Count > maxGroups;
        return new AggregateResult(groupBy.ToArray(), truncated ? rows.GetRange(0, maxGroups) : rows, total, truncated);
    }

    /// <summary>The search body: no hits, exact total, one composite aggregation named <c>groups</c>.</summary>
    internal static void WriteBody(Utf8JsonWriter w, SymptomFilter filter, IReadOnlyList<SymptomField> groupBy, string? afterKey)
    {
        w.WriteStartObject();
        w.WriteNumber("size", 0);
        w.WriteBoolean("track_total_hits", true);
        EsQuery.WriteQuery(w, filter);
        w.WriteStartObject("aggs");
        w.WriteStartObject("groups");
        w.WriteStartObject("composite");
        w.WriteNumber("size", PageSize);
        w.WriteStartArray("sources");
        for (var i = 0; i < groupBy.Count; i++)
        {
            var field = groupBy[i];
            w.WriteStartObject();
            w.WriteStartObject("k" + i.ToString(CultureInfo.InvariantCulture));
            w.WriteStartObject(field.BucketSeconds > 0 ? "date_histogram" : "terms");
            w.WriteString("field", EsQuery.FieldOf(field));
            if (field.BucketSeconds > 0)
            {
                w.WriteString("fixed_interval", field.BucketSeconds.ToString(CultureInfo.InvariantCulture) + "s");
            }

            w.WriteBoolean("missing_bucket", true);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (afterKey is not null)
        {
            w.WritePropertyName("after");
            w.WriteRawValue(afterKey);
        }

        w.WriteEndObject();
        w.WriteStartObject("aggs");
        EsQuery.WriteFirstLast(w);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Parses one composite page: rows keyed by the sources in order, and the raw <c>after_key</c>.</summary>
    internal static (List<AggregateRow> Rows, string? AfterKey) ParseComposite(JsonElement aggregation, IReadOnlyList<SymptomField> groupBy)
    {
        var rows = new List<AggregateRow>();
        foreach (var bucket in aggregation.GetProperty("buckets").EnumerateArray())
        {
            var key = bucket.GetProperty("key");
            var names = key.EnumerateObject().Select(p => p.Name).ToList();
            var keys = new string?[groupBy.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                var name = "k" + i.ToString(CultureInfo.InvariantCulture);
                keys[i] = KeyText(key.TryGetProperty(name, out var v) ? v : key.GetProperty(names[i]));
            }

            rows.Add(new AggregateRow(keys, bucket.GetProperty("doc_count").GetInt64(), BucketTime(bucket, "first"), BucketTime(bucket, "last")));
        }

        var after = aggregation.TryGetProperty("after_key", out var a) ? a.GetRawText() : null;
        return (rows, after);
    }

    /// <summary>A bucket key as the contract's string: numbers in invariant digits, null when missing.</summary>
    internal static string? KeyText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : value.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>Largest first; ties by keys (null first, numbers by value, text ordinal), as the embedded store orders them.</summary>
    internal static int CompareRows(AggregateRow a, AggregateRow b)
    {
        var byCount = b.Count.CompareTo(a.Count);
        if (byCount != 0)
        {
            return byCount;
        }

        for (var i = 0; i < a.Keys.Count; i++)
        {
            var c = CompareKey(a.Keys[i], b.Keys[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static int CompareKey(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        return long.TryParse(x, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var lx) && long.TryParse(y, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ly)
            ? lx.CompareTo(ly)
            : string.CompareOrdinal(x, y);
    }

    internal static DateTimeOffset? BucketTime(JsonElement bucket, string name) =>
        bucket.TryGetProperty(name, out var agg) && agg.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)v.GetDouble())
            : null;
}
