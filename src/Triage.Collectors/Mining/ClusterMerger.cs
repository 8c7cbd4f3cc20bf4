namespace Triage.Collectors.Mining;

/// <summary>
/// The merge rules of <see cref="TemplateMiner"/>. Position 0 is not merged (the first word of a
/// message names what happened) unless its values are file names, nor a position whose values are punctuation only (<c>****</c>), nor
/// one that would leave fewer than <see cref="TemplateMinerOptions.MinConstantTokens"/> constants.
/// </summary>
internal static class ClusterMerger
{
    /// <summary>Merges roots (in id order) until nothing changes.</summary>
    public static void Run(List<MinerCluster> roots, TemplateMinerOptions options)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var sameLength in roots.Where(r => r.Parent is null).GroupBy(r => r.Tokens.Length))
            {
                var group = sameLength.ToList();
                var hashes = group.Select(c => Array.ConvertAll(c.Tokens, t => t.GetHashCode(StringComparison.Ordinal))).ToArray();
                for (var p = 0; p < sameLength.Key; p++)
                {
                    changed |= MergeAt(group, hashes, p, options);
                }
            }

            changed |= CollapsedMerger.JoinCollapsed(roots, options);
            changed |= AttachToTemplates(roots, options);
        }
    }

    /// <summary>
    /// Roots that fit a template of their shape with some variables filled in join it, as a new
    /// cluster does in <see cref="AttachToTemplate"/>: a cluster made before that template had its
    /// variables (two positions without digits vary at once) is not left alone.
    /// </summary>
    private static bool AttachToTemplates(List<MinerCluster> roots, TemplateMinerOptions options)
    {
        var templates = new Dictionary<(int Length, string First), List<MinerCluster>>();
        foreach (var root in roots.Where(r => r.Parent is null && r.Tokens.Length > 0 && Array.IndexOf(r.Tokens, TokenMasker.Wildcard, 1) > 0))
        {
            var shape = (root.Tokens.Length, root.Tokens[0]);
            if (!templates.TryGetValue(shape, out var list))
            {
                templates[shape] = list = [];
            }

            list.Add(root);
        }

        var changed = false;
        foreach (var root in roots.Where(r => r.Parent is null && r.Tokens.Length > 0))
        {
            if (templates.TryGetValue((root.Tokens.Length, root.Tokens[0]), out var candidates))
            {
                AttachToTemplate(root, candidates, options);
                changed |= root.Parent is not null;
            }
        }

        return changed;
    }

    /// <summary>Joins a new cluster to the first root whose template equals it with some of its variables filled in (two variables without digits, such as a user and a host, vary at once).</summary>
    public static void AttachToTemplate(MinerCluster cluster, IEnumerable<MinerCluster> all, TemplateMinerOptions options)
    {
        var tokens = cluster.Tokens;
        foreach (var root in all)
        {
            if (root == cluster || root.Parent is not null || root.Tokens.Length != tokens.Length)
            {
                continue;
            }

            var filled = 0;
            var fits = true;
            for (var i = 0; i < tokens.Length && fits; i++)
            {
                if (root.Tokens[i] == tokens[i])
                {
                    continue;
                }

                fits = Fills(root.Tokens[i], tokens[i], i);
                filled++;
            }

            if (fits && filled > 0 && Constants(root.Tokens, -1) >= options.MinConstantTokens)
            {
                cluster.Parent = root;
                return;
            }
        }
    }

    /// <summary>Merges, at position <paramref name="p"/>, the roots of one length that are equal everywhere else (<paramref name="hashes"/>: their tokens' hashes, kept current).</summary>
    private static bool MergeAt(List<MinerCluster> group, int[][] hashes, int p, TemplateMinerOptions options)
    {
        var buckets = new Dictionary<RestKey, List<int>>();
        var order = new List<List<int>>();
        for (var k = 0; k < group.Count; k++)
        {
            if (group[k].Parent is not null)
            {
                continue;
            }

            var rest = new RestKey(group[k].Tokens, p, hashes[k]);
            if (!buckets.TryGetValue(rest, out var members))
            {
                buckets[rest] = members = [];
                order.Add(members);
            }

            members.Add(k);
        }

        var changed = false;
        foreach (var indexes in order)
        {
            if (indexes.Count < 2)
            {
                continue;
            }

            var members = indexes.ConvertAll(k => group[k]);
            if (!ShouldMerge(members, p, options))
            {
                continue;
            }

            var root = members[0];
            root.Tokens[p] = TokenMasker.Wildcard;
            hashes[indexes[0]][p] = TokenMasker.Wildcard.GetHashCode(StringComparison.Ordinal);
            root.Invalidate();
            foreach (var other in members.Skip(1))
            {
                other.Parent = root;
            }

            changed = true;
        }

        return changed;
    }
    /// <summary>
    /// Whether <paramref name="value"/> fills the variable of template token <paramref name="template"/>:
    /// any mergeable value for <c>&lt;*&gt;</c>, <c>x</c> for <c>key=&lt;*&gt;</c> when it is <c>key=x</c>. The first
    /// token only when both are file names (see <see cref="FirstTokenMergeable"/>).
    /// </summary>
    private static bool Fills(string template, string value, int position)
    {
        if (position == 0)
        {
            return template == TokenMasker.Wildcard && TokenShapes.IsFileName(value);
        }

        if (template == TokenMasker.Wildcard)
        {
            return Mergeable(value);
        }

        var at = template.IndexOf(TokenMasker.Wildcard, StringComparison.Ordinal);
        if (at < 0 || template.IndexOf(TokenMasker.Wildcard, at + 1, StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        var suffix = template.Length - at - TokenMasker.Wildcard.Length;
        return value.Length > at + suffix && value.AsSpan().StartsWith(template.AsSpan(0, at), StringComparison.Ordinal)
            && value.AsSpan().EndsWith(template.AsSpan(at + TokenMasker.Wildcard.Length), StringComparison.Ordinal);
    }

    /// <summary>
    /// The first word of a message names what happened (<c>boot</c>, <c>cupsd</c>, <c>tickTime</c>), so it
    /// is never merged, except when every value there is a file name (<c>backup.exe</c>, <c>agent.exe</c>):
    /// a program that wrote the line, not an event.
    /// </summary>
    private static bool FirstTokenMergeable(List<MinerCluster> members) =>
        members.All(m => m.Tokens[0] == TokenMasker.Wildcard || TokenShapes.IsFileName(m.Tokens[0]))
        && members.Any(m => m.Tokens[0] != TokenMasker.Wildcard);

    private static bool ShouldMerge(List<MinerCluster> members, int p, TemplateMinerOptions options)
    {
        if (p == 0 && !FirstTokenMergeable(members))
        {
            return false;
        }

        if (Constants(members[0].Tokens, p) < options.MinConstantTokens)
        {
            return false;
        }

        var values = new HashSet<string>(StringComparer.Ordinal);
        var wild = false;
        foreach (var member in members)
        {
            var value = member.Tokens[p];
            if (!Mergeable(value))
            {
                return false;
            }

            values.Add(value);
            wild |= IsWild(value);
        }

        return wild || values.Count >= options.MinDistinctValues;
    }

    private static int Constants(string[] tokens, int except)
    {
        var n = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            n += i != except && tokens[i] != TokenMasker.Wildcard ? 1 : 0;
        }

        return n;
    }

    /// <summary>Punctuation-only tokens (<c>****</c>, <c>--</c>) are structure, not values.</summary>
    internal static bool Mergeable(string value) =>
        value == TokenMasker.Wildcard || value.AsSpan().IndexOfAny("()[]{}") >= 0 || value.Any(char.IsLetterOrDigit);

    /// <summary>A value that is already a variable: <c>&lt;*&gt;</c>, <c>(&lt;*&gt;)</c>, <c>key=&lt;*&gt;</c>, <c>call(&lt;*&gt;)</c>.</summary>
    internal static bool IsWild(string value)
    {
        var v = value.AsSpan();
        var i = 0;
        while (i < v.Length && (char.IsAsciiLetter(v[i]) || v[i] is '_' or '.'))
        {
            i++;
        }

        if (i > 0 && i < v.Length && v[i] is '=' or ':' or '(')
        {
            v = v[(i + 1)..];
        }

        return v.Trim("()[]{}\"'").SequenceEqual(TokenMasker.Wildcard);
    }
}
