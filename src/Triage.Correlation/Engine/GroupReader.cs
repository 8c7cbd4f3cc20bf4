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
    /// A rank's echo of its own report of a stall (its abort after its own watchdog timeout) can
    /// only be told as an echo beside that report: when the reports are read as (kind, host,
    /// minute) groups, so are their echoes, else every echo would stand alone as a first failure.
    /// </summary>
    public static void MoveEchoesToGroups(CausalRuleSet rules, List<string> individualKinds, List<string> groupKinds, IReadOnlySet<string> peerReported)
    {
        var echoRules = EchoFinder.EchoRules(rules, peerReported).ToList();
        bool moved;
        do
        {
            moved = false;
            foreach (var rule in echoRules.Where(r => r.Cause.ConcreteKinds().Any(groupKinds.Contains)))
            {
                foreach (var kind in rule.Effect.ConcreteKinds())
                {
                    if (individualKinds.Remove(kind))
                    {
                        groupKinds.Add(kind);
                        moved = true;
                    }
                }
            }
        }
        while (moved);
    }

    /// <summary>
    /// Reads <paramref name="groupKinds"/> as (kind, host, minute) groups into
    /// <paramref name="observations"/>, by kind and minute only when the host groups exceed
    /// <c>MaxHostGroups</c>; returns whether even that was truncated. Kinds an echo rule names with
    /// attributes (an abort's exception) are grouped by those attributes too, so a host's group of
    /// aborts can be recognised as the echo of that host's group of watchdog timeouts (see
    /// <see cref="EchoFinder"/>).
    /// </summary>
    public static async Task<bool> ReadAsync(
        ISymptomStore store,
        CausalRuleSet rules,
        SymptomFilter runFilter,
        List<string> groupKinds,
        IReadOnlySet<string> peerReported,
        (int MaxHostGroups, int BucketSeconds) limits,
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

        var rows = new List<(AggregateRow Row, string[] Attrs)>();
        var byHost = true;
        foreach (var (kinds, attrs) in queries)
        {
            // By host when that stays bounded (host-scoped causal rules can then apply).
            List<SymptomField> fields = [SymptomField.Parse("kind"), SymptomField.Parse("host"), .. attrs.Select(a => SymptomField.Parse("attrs." + a)), bucket];
            var groups = await store.AggregateAsync(runFilter with { Kinds = kinds }, fields, limits.MaxHostGroups, cancellationToken).ConfigureAwait(false);
            rows.AddRange(groups.Rows.Select(r => (r, attrs)));
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
            var groups = await store.AggregateAsync(runFilter with { Kinds = groupKinds }, [SymptomField.Parse("kind"), bucket], 100_000, cancellationToken).ConfigureAwait(false);
            truncated = groups.Truncated;
            rows = [.. groups.Rows.Select(r => (r, Array.Empty<string>()))];
        }

        foreach (var (row, attrs) in rows)
        {
            observations.Add(Group(runFilter.Run!, row, attrs, limits.BucketSeconds));
        }

        return truncated;
    }

    private static Observation Group(string run, AggregateRow row, string[] attrNames, int bucketSeconds)
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
        };
    }
}
