namespace Triage.Collectors.Mining;

/// <summary>
/// Merges across lengths (see <see cref="WildcardRuns"/>): roots whose keys are equal once runs of
/// variables are collapsed, and roots that start with a program's file name. Part of <see cref="ClusterMerger.Run"/>.
/// </summary>
internal static class CollapsedMerger
{
    /// <summary>
    /// Roots of different lengths whose keys are equal with runs of variables collapsed (see
    /// <see cref="WildcardRuns"/>) join the earliest; a root that starts with a file name also joins
    /// the earliest such root with a variable there (its program was merged on another length).
    /// </summary>
    public static bool JoinCollapsed(List<MinerCluster> roots, TemplateMinerOptions options)
    {
        var changed = MergePrograms(roots, options);
        var first = new Dictionary<string, MinerCluster>(StringComparer.Ordinal);
        foreach (var root in roots.Where(r => r.Parent is null))
        {
            if (WildcardRuns.Collapse(root.Tokens, options.MinConstantTokens) is { } key)
            {
                first.TryAdd(key, root);
            }
        }

        foreach (var root in roots.Where(r => r.Parent is null))
        {
            if (WildcardRuns.Collapse(root.Tokens, options.MinConstantTokens) is not { } key)
            {
                continue;
            }

            if (first.TryGetValue(key, out var earliest) && earliest != root && earliest.Parent is null)
            {
                root.Parent = earliest;
                changed = true;
                continue;
            }

            if (root.Tokens.Length > 0 && TokenShapes.IsFileName(root.Tokens[0]))
            {
                var generic = WildcardRuns.Collapse([TokenMasker.Wildcard, .. root.Tokens.Skip(1)], options.MinConstantTokens);
                if (generic is not null && first.TryGetValue(generic, out var program) && program.Parent is null)
                {
                    root.Parent = program;
                    changed = true;
                }
            }
        }

        return changed;
    }

    /// <summary>
    /// Roots that start with a file name and whose rest is equal with runs of variables collapsed
    /// merge, as ClusterMerger's merge does at position 0, when they show enough distinct programs:
    /// one program's lines take several lengths (<c>5 KB</c> / <c>512 bytes</c>), so equal length is too strict.
    /// </summary>
    private static bool MergePrograms(List<MinerCluster> roots, TemplateMinerOptions options)
    {
        var buckets = new Dictionary<string, List<MinerCluster>>(StringComparer.Ordinal);
        var order = new List<List<MinerCluster>>();
        foreach (var root in roots.Where(r => r.Parent is null && r.Tokens.Length > 1))
        {
            var first = root.Tokens[0];
            if ((first != TokenMasker.Wildcard && !TokenShapes.IsFileName(first))
                || WildcardRuns.Collapse(root.Tokens[1..], options.MinConstantTokens) is not { } rest)
            {
                continue;
            }

            if (!buckets.TryGetValue(rest, out var members))
            {
                buckets[rest] = members = [];
                order.Add(members);
            }

            members.Add(root);
        }

        var changed = false;
        foreach (var members in order.Where(m => m.Count > 1))
        {
            var values = members.Select(m => m.Tokens[0]).Distinct(StringComparer.Ordinal).ToList();
            if (!values.Contains(TokenMasker.Wildcard) && values.Count < options.MinDistinctValues)
            {
                continue;
            }

            var root = members[0];
            root.Tokens[0] = TokenMasker.Wildcard;
            root.Invalidate();
            foreach (var other in members.Skip(1))
            {
                other.Parent = root;
            }

            changed = true;
        }

        return changed;
    }
}
