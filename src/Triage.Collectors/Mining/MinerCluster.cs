namespace Triage.Collectors.Mining;

/// <summary>
/// One cluster of the miner: the messages whose masked token sequence was <see cref="Key"/>.
/// Clusters merged into another point at it through <see cref="Parent"/> (union-find); the root
/// holds the merged template.
/// </summary>
internal sealed class MinerCluster(int id, string key, string[] tokens)
{
    public int Id { get; } = id;

    public string Key { get; } = key;

    /// <summary>Template tokens (root: merged template; others: the template when they were merged).</summary>
    public string[] Tokens { get; set; } = tokens;

    public MinerCluster? Parent { get; set; }

    public long Count { get; set; }

    public long LastSeen { get; set; }

    public string? CachedText { get; set; }

    public string? CachedId { get; set; }

    public MinerCluster Root()
    {
        var c = this;
        while (c.Parent is { } p)
        {
            c.Parent = p.Parent ?? p;
            c = p;
        }

        return c;
    }

    public void Invalidate()
    {
        CachedText = null;
        CachedId = null;
    }
}
