using Triage.Symptoms;

namespace Triage.Collectors.Mining;

/// <summary>
/// Online log template miner. Each message is cut at whitespace and its tokens masked
/// (<see cref="TokenMasker"/>); messages with the same masked token sequence form a cluster (one
/// hash lookup per message). Variables without digits (user and host names) are found by
/// <see cref="Consolidate"/>: clusters of equal length that differ at exactly one position are
/// merged when that position shows <see cref="TemplateMinerOptions.MinDistinctValues"/> or more
/// values, or when one of them already has a variable there. Consolidation runs by itself as
/// clusters are added and can be forced; a new cluster that fits an existing template with one
/// variable filled in joins it at once.
/// Deterministic: the same messages in the same order give the same templates. Memory is bounded by
/// <see cref="TemplateMinerOptions.MaxClusters"/> (least recently seen half dropped when full).
/// Not thread-safe; never throws on any input.
/// </summary>
public sealed class TemplateMiner
{
    private readonly TemplateMinerOptions _options;
    private readonly Dictionary<string, MinerCluster> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MinerCluster>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<int, MinerCluster> _byId = [];

    // First cluster of each key with runs of <*> tokens collapsed to one (see Create).
    private readonly Dictionary<string, MinerCluster> _byCollapsed = new(StringComparer.Ordinal);

    // Clusters by (length, first token): a new cluster can only join a template of the same shape.
    private readonly Dictionary<(int Length, string First), List<MinerCluster>> _byShape = [];
    private readonly CharBuffer _key = new();
    private long _seq;
    private int _nextId;
    private int _createdSinceConsolidation;

    /// <summary>Creates a miner with <paramref name="options"/> (default <see cref="TemplateMinerOptions.Default"/>).</summary>
    public TemplateMiner(TemplateMinerOptions? options = null)
    {
        _options = options ?? TemplateMinerOptions.Default;
        _lookup = _byKey.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Clusters currently kept.</summary>
    public int ClusterCount => _byKey.Count;

    /// <summary>Adds one message (without its log header) and returns the id of its cluster.</summary>
    public int Add(ReadOnlySpan<char> message)
    {
        _seq++;
        MaskInto(message[..Math.Min(message.Length, _options.MaxChars)]);
        if (_lookup.TryGetValue(_key.Span, out var cluster))
        {
            cluster.Count++;
            cluster.LastSeen = _seq;
            return cluster.Id;
        }

        return Create().Id;
    }

    /// <summary>Adds one message and returns its template as it stands now.</summary>
    public MinedTemplate Mine(ReadOnlySpan<char> message) => Describe(_byId[Add(message)].Root());

    /// <summary>The current template of cluster <paramref name="clusterId"/>, or null when it was dropped.</summary>
    public MinedTemplate? TemplateOf(int clusterId) =>
        _byId.TryGetValue(clusterId, out var cluster) ? Describe(cluster.Root()) : null;

    /// <summary>All current templates, most frequent first (ties by text, ordinal).</summary>
    public IReadOnlyList<MinedTemplate> Templates()
    {
        var counts = new Dictionary<MinerCluster, long>();
        foreach (var cluster in _byKey.Values)
        {
            var root = cluster.Root();
            counts[root] = counts.GetValueOrDefault(root) + cluster.Count;
        }

        return counts
            .Select(kv => Describe(kv.Key) with { Count = kv.Value })
            .GroupBy(t => t.Text, StringComparer.Ordinal)
            .Select(g => g.First() with { Count = g.Sum(t => t.Count) })
            .OrderByDescending(t => t.Count)
            .ThenBy(t => t.Text, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Merges clusters that differ only in a variable position (see the class summary).</summary>
    public void Consolidate()
    {
        _createdSinceConsolidation = 0;
        var roots = _byKey.Values.Where(c => c.Parent is null).OrderBy(c => c.Id).ToList();
        ClusterMerger.Run(roots, _options);

        // Merged templates are found by their new collapsed key too (a program merged at position 0).
        foreach (var root in roots.Where(r => r.Parent is null))
        {
            if (WildcardRuns.Collapse(root.Tokens, _options.MinConstantTokens) is { } collapsed)
            {
                _byCollapsed.TryAdd(collapsed, root);
            }
        }
    }

    private void MaskInto(ReadOnlySpan<char> message)
    {
        _key.Clear();
        var tokens = 0;
        var previousWasWildcard = false;
        var i = 0;
        while (i < message.Length)
        {
            if (char.IsWhiteSpace(message[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < message.Length && !char.IsWhiteSpace(message[i]))
            {
                i++;
            }

            if (tokens > 0)
            {
                _key.Append(' ');
            }

            if (++tokens > _options.MaxTokens)
            {
                _key.Append(TokenMasker.Wildcard);
                return;
            }

            var token = message[start..i];
            var tokenStart = _key.Length;
            var quotedEnd = QuotedSpan.TryAppend(message, start, i, _key);
            if (quotedEnd >= 0)
            {
                i = quotedEnd;
            }
            else if (previousWasWildcard && Units.IsUnit(token))
            {
                // The unit goes with the number; punctuation after it (`KB,` `ms)`) stays structure.
                _key.Append(TokenMasker.Wildcard);
                _key.Append(token[token.TrimEnd(Units.Trailing).Length..]);
            }
            else
            {
                TokenMasker.Append(token, _key);
            }

            previousWasWildcard = _key.Slice(tokenStart).SequenceEqual(TokenMasker.Wildcard);
        }
    }

    private MinerCluster Create()
    {
        if (_byKey.Count >= _options.MaxClusters)
        {
            Evict();
        }

        var key = _key.Span.ToString();
        var cluster = new MinerCluster(_nextId++, key, key.Length == 0 ? [] : key.Split(' '))
        {
            Count = 1,
            LastSeen = _seq,
        };
        _byKey[key] = cluster;
        _byId[cluster.Id] = cluster;
        var sameShape = SameShape(cluster);
        if (!AttachToCollapsed(cluster))
        {
            ClusterMerger.AttachToTemplate(cluster, sameShape, _options);
        }


        sameShape.Add(cluster);
        if (++_createdSinceConsolidation >= Math.Max(64, _byKey.Count / 4))
        {
            Consolidate();
        }

        return cluster;
    }

    /// <summary>
    /// A value that takes a varying number of tokens (<c>5 ms</c> / <c>00:01:23</c>, <c>&lt;1 sec</c> /
    /// <c>12 KB</c> / <c>1.2 MB</c>) gives keys that differ only in how many <c>&lt;*&gt;</c> tokens stand in a row: such a
    /// cluster joins the first cluster with the same collapsed key, so the template text stays that first one's.
    /// </summary>
    private bool AttachToCollapsed(MinerCluster cluster)
    {
        var collapsed = WildcardRuns.Collapse(cluster.Tokens, _options.MinConstantTokens);
        if (collapsed is null)
        {
            return false;
        }

        if (_byCollapsed.TryGetValue(collapsed, out var first))
        {
            cluster.Parent = first.Root();
            return true;
        }

        _byCollapsed[collapsed] = cluster;
        if (cluster.Tokens.Length > 1 && TokenShapes.IsFileName(cluster.Tokens[0])
            && WildcardRuns.Collapse([TokenMasker.Wildcard, .. cluster.Tokens[1..]], _options.MinConstantTokens) is { } generic
            && _byCollapsed.TryGetValue(generic, out var program) && program.Root().Tokens[0] == TokenMasker.Wildcard)
        {
            cluster.Parent = program.Root();
            return true;
        }

        return false;
    }

    /// <summary>Drops the least recently seen half; survivors of a dropped root take its template and become roots.</summary>
    private void Evict()
    {
        var dropped = _byKey.Values.OrderBy(c => c.LastSeen).ThenBy(c => c.Id).Take(_byKey.Count / 2).ToHashSet();
        foreach (var survivor in _byKey.Values.Where(c => !dropped.Contains(c)))
        {
            var root = survivor.Root();
            if (dropped.Contains(root))
            {
                survivor.Tokens = (string[])root.Tokens.Clone();
                survivor.Parent = null;
                survivor.Invalidate();
            }
        }

        foreach (var cluster in dropped)
        {
            _byKey.Remove(cluster.Key);
            _byId.Remove(cluster.Id);
        }

        _byShape.Clear();
        _byCollapsed.Clear();
        foreach (var cluster in _byKey.Values.OrderBy(c => c.Id))
        {
            SameShape(cluster).Add(cluster);
            if (cluster.Parent is null && WildcardRuns.Collapse(cluster.Tokens, _options.MinConstantTokens) is { } collapsed)
            {
                _byCollapsed.TryAdd(collapsed, cluster);
            }
        }
    }

    private List<MinerCluster> SameShape(MinerCluster cluster)
    {
        // Messages that start with a file name (the program that wrote them) share one shape: that token may be merged.
        var first = cluster.Tokens.Length > 0 ? cluster.Tokens[0] : string.Empty;
        var shape = (cluster.Tokens.Length, TokenShapes.IsFileName(first) ? "\u0001file" : first);
        if (!_byShape.TryGetValue(shape, out var sameShape))
        {
            _byShape[shape] = sameShape = [];
        }

        return sameShape;
    }

    private static MinedTemplate Describe(MinerCluster root)
    {
        root.CachedText ??= string.Join(' ', root.Tokens);
        root.CachedId ??= TemplateIds.Of(root.CachedText);
        return new MinedTemplate(root.CachedId, root.CachedText, root.Count);
    }
}
