using System.Globalization;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;

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
            var after = afterKey;
            var response = await _client.SearchAsync("aggregate symptoms", _layout.Events, w => WriteBody(w, filter, groupBy, after), cancellationToken).ConfigureAwait(false);
            if (afterKey is null)
            {
                total = response.Total;
            }

            var composite = response.Aggregations?.GetComposite("groups")
                ?? throw new StoreException($"Elasticsearch {_client.Endpoint}: aggregate symptoms: the answer has no composite aggregation 'groups'");
            var page = Rows(composite, groupBy);
            rows.AddRange(page);
            afterKey = page.Count == 0 || composite.AfterKey is null ? null : _client.ToJson(composite.AfterKey);

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

    /// <summary>One composite page as rows keyed by the sources in order (<c>k0</c>, <c>k1</c>, ...).</summary>
    internal static List<AggregateRow> Rows(CompositeAggregate aggregation, IReadOnlyList<SymptomField> groupBy)
    {
        var rows = new List<AggregateRow>();
        foreach (var bucket in aggregation.Buckets)
        {
            var keys = new string?[groupBy.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = bucket.Key.TryGetValue("k" + i.ToString(CultureInfo.InvariantCulture), out var v) ? KeyText(v) : null;
            }

            rows.Add(new AggregateRow(keys, bucket.DocCount, BucketTime(bucket.Aggregations, "first"), BucketTime(bucket.Aggregations, "last")));
        }

        return rows;
    }

    /// <summary>A bucket key as the contract's string: numbers in invariant digits, null when missing.</summary>
    internal static string? KeyText(FieldValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (value.TryGetString(out var text))
        {
            return text;
        }

        if (value.TryGetLong(out var whole) && whole is { } l)
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetDouble(out var real) && real is { } d)
        {
            return d.ToString(CultureInfo.InvariantCulture);
        }

        return value.TryGetBool(out var flag) && flag is { } b ? (b ? "true" : "false") : value.ToString();
    }

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

    /// <summary>The value of the min or max aggregation <paramref name="name"/> (epoch milliseconds) as a time, null when no document had one.</summary>
    internal static DateTimeOffset? BucketTime(AggregateDictionary? aggregations, string name)
    {
        if (aggregations is null || !aggregations.TryGetAggregate(name, out IAggregate? aggregate))
        {
            return null;
        }

        var value = aggregate switch
        {
            MinAggregate min => min.Value,
            MaxAggregate max => max.Value,
            _ => null,
        };
        return value is { } ms && double.IsFinite(ms) ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null;
    }
}
