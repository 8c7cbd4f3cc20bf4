using System.Globalization;
using Triage.Rules.Causal;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// The kinds too many to read one by one (a cascade's timeouts) come from the store as aggregate
/// groups of (kind, host, minute), so memory is bounded by the failures, not by the cascade. Each
/// group becomes one <see cref="Observation"/> standing for its lines. Stateless.
/// </summary>
internal static class GroupReader
{
    /// <summary>
    /// Reads <paramref name="groupKinds"/> as (kind, host, minute) groups into
    /// <paramref name="observations"/>, by kind and minute only when the host groups exceed
    /// <c>MaxHostGroups</c>; returns whether even that was truncated. Kinds an echo rule names with
    /// attributes (an abort's exception) are grouped by those attributes too, so a host's group of
    /// aborts can be recognised as the echo of that host's group of watchdog timeouts (see
    /// <see cref="EchoFinder"/>). A line that names its rank but not its host (torch's
    /// <c>[rank5]:[E…]</c> watchdog lines) is stored without a host: such kinds are read by rank as
    /// well and folded onto the host the run placed that rank on (<paramref name="hostOf"/>), so a
    /// cascade of them is still a host's group, not a host-less wave.
    /// </summary>
    public static async Task<bool> ReadAsync(
        ISymptomStore store,
        CausalRuleSet rules,
        SymptomFilter runFilter,
        List<string> groupKinds,
        IReadOnlySet<string> peerReported,
        (int MaxHostGroups, int BucketSeconds) limits,
        Func<string?, int?, string?> hostOf,
        List<Observation> observations,
        CancellationToken cancellationToken)
    {
        var bucket = SymptomField.TimeBucket(limits.BucketSeconds);
        var echoAttrs = EchoFinder.EchoRules(rules, peerReported)
            .SelectMany(r => r.Effect.ConcreteKinds().Where(groupKinds.Contains).SelectMany(k => r.Effect.Attrs.Keys.Select(a => (Kind: k, Attr: a))))
            .GroupBy(x => x.Kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Attr).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var queries = new List<(IReadOnlyList<string> Kinds, string[] Attrs)>();
        if (groupKinds.Where(k => !echoAttrs.ContainsKey(k)).ToList() is { Count: > 0 } plain)
        {
            queries.Add((plain, []));
        }

        queries.AddRange(echoAttrs.Select(e => ((IReadOnlyList<string>)[e.Key], e.Value)));

        // The kinds some of whose lines name no host: read by rank too, and placed.
        var hostless = (await store.AggregateAsync(runFilter with { Kinds = groupKinds }, [SymptomField.Parse("kind"), SymptomField.Parse("host")], StoreRowLimit, cancellationToken).ConfigureAwait(false))
            .Rows.Where(r => r.Keys[1] is null).Select(r => r.Keys[0]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (hostless.Count > 0)
        {
            queries = [.. queries.SelectMany(q => Split(q, hostless))];
        }

        var rows = new List<(AggregateRow Row, string[] Attrs, IReadOnlyList<int> Ranks)>();
        var byHost = true;
        foreach (var (kinds, attrs) in queries)
        {
            // By host when that stays bounded (host-scoped causal rules can then apply).
            var byRank = kinds.Any(hostless.Contains);
            List<SymptomField> fields = [SymptomField.Parse("kind"), SymptomField.Parse("host"), .. byRank ? [SymptomField.Parse("rank")] : Array.Empty<SymptomField>(), .. attrs.Select(a => SymptomField.Parse("attrs." + a)), bucket];
            // A rank group folds onto its host's: the store may return up to ranks-per-host times more rows.
            var limit = byRank ? StoreRowLimit : limits.MaxHostGroups;
            var groups = await store.AggregateAsync(runFilter with { Kinds = kinds }, fields, limit, cancellationToken).ConfigureAwait(false);
            rows.AddRange(byRank ? FoldRanks(groups.Rows, hostOf).Select(f => (f.Row, attrs, f.Ranks)) : groups.Rows.Select(r => (r, attrs, (IReadOnlyList<int>)[])));
            if (groups.Truncated || rows.Count > limits.MaxHostGroups)
            {
                byHost = false;
                break;
            }
        }

        var truncated = false;
        if (!byHost)
        {
            // Else by kind and minute only.
            var groups = await store.AggregateAsync(runFilter with { Kinds = groupKinds }, [SymptomField.Parse("kind"), bucket], StoreRowLimit, cancellationToken).ConfigureAwait(false);
            truncated = groups.Truncated;
            rows = [.. groups.Rows.Select(r => (r, Array.Empty<string>(), (IReadOnlyList<int>)[]))];
        }

        foreach (var (row, attrs, ranks) in rows)
        {
            observations.Add(Group(runFilter.Run!, row, attrs, ranks, limits.BucketSeconds));
        }

        return truncated;
    }

    /// <summary>The most rows one aggregation may ask a store for (the stores' own cap).</summary>
    private const int StoreRowLimit = 100_000;

    private static IEnumerable<(IReadOnlyList<string> Kinds, string[] Attrs)> Split((IReadOnlyList<string> Kinds, string[] Attrs) query, HashSet<string> hostless)
    {
        var (withRank, without) = (query.Kinds.Where(hostless.Contains).ToList(), query.Kinds.Where(k => !hostless.Contains(k)).ToList());
        if (without.Count > 0)
        {
            yield return (without, query.Attrs);
        }

        // One kind per query: the rows by rank are many, and the store's cap is per query.
        foreach (var kind in withRank)
        {
            yield return ([kind], query.Attrs);
        }
    }

    /// <summary>
    /// Rows keyed (kind, host, rank, attrs..., bucket) → rows keyed (kind, host, attrs..., bucket),
    /// the host taken from the rank's placement where the line named none; with the ranks so placed.
    /// </summary>
    private static List<(AggregateRow Row, IReadOnlyList<int> Ranks)> FoldRanks(IReadOnlyList<AggregateRow> rows, Func<string?, int?, string?> hostOf)
    {
        var folded = new Dictionary<string, (List<string?> Keys, long Count, DateTimeOffset? First, DateTimeOffset? Last, SortedSet<int> Ranks)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            var rank = row.Keys[2] is { } r && int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            List<string?> keys = [row.Keys[0], hostOf(row.Keys[1], rank), .. row.Keys.Skip(3)];
            var id = string.Join("\u0001", keys.Select(k => k ?? "\u0002"));
            if (!folded.TryGetValue(id, out var have))
            {
                have = (keys, 0, null, null, []);
                order.Add(id);
            }

            if (row.Keys[1] is null && rank is { } placed && keys[1] is not null)
            {
                have.Ranks.Add(placed);
            }

            folded[id] = (have.Keys, have.Count + row.Count, Min(have.First, row.FirstSeen), Max(have.Last, row.LastSeen), have.Ranks);
        }

        return [.. order.Select(id => folded[id]).Select(f => (new AggregateRow(f.Keys, f.Count, f.First, f.Last), (IReadOnlyList<int>)[.. f.Ranks]))];

        static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
        static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
    }

    private static Observation Group(string run, AggregateRow row, string[] attrNames, IReadOnlyList<int> placedRanks, int bucketSeconds)
    {
        // Keys: kind, [host, attrs..., ] bucket.
        var kind = row.Keys[0]!;
        var host = row.Keys.Count >= 3 ? row.Keys[1] : null;
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var a = 0; a < attrNames.Length; a++)
        {
            if (row.Keys[2 + a] is { } value)
            {
                attrs[attrNames[a]] = value;
            }
        }

        var start = row.Keys[^1] is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, CultureInfo.InvariantCulture)) : (DateTimeOffset?)null;
        var representative = new Symptom
        {
            Id = $"group:{kind}:{host}:{string.Join(":", attrs.Values)}:{row.Keys[^1]}",
            Run = run,
            Timestamp = row.FirstSeen ?? start,
            Host = host,
            Kind = kind,
            Category = SymptomKinds.All.FirstOrDefault(k => k.Name == kind)?.DefaultCategory ?? SymptomCategory.Unknown,
            Severity = Severity.Error,
            Signature = kind,
            Message = string.Empty,
            Source = new SymptomSource(string.Empty, 0, 0),
            Attrs = attrs,
            Rule = string.Empty,
        };
        return new Observation(representative, row.Count, row.LastSeen, isGroup: true)
        {
            GroupStart = start,
            GroupEnd = start?.AddSeconds(bucketSeconds),
            PlacedRanks = placedRanks,
        };
    }
}
