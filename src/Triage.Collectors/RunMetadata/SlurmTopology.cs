using System.Globalization;
using Triage.Rules.Loading;
using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Slurm's network topology, as <c>topology.conf</c> (tree plugin: <c>SwitchName=s1 Nodes=node[01-16]</c>,
/// <c>SwitchName=s9 Switches=s[1-8]</c>; block plugin: <c>BlockName=b1 Nodes=…</c>; parameter names in
/// any case, <c>#</c> comments; see slurm.schedmd.com/topology.conf.html) and as Slurm 24's
/// <c>topology.yaml</c> (a list of <c>{ topology, tree: { switches: [{ switch, nodes | children }] } }</c>
/// or <c>block: { blocks: [{ block, nodes }] }</c>). Each node gets its leaf switch as <c>switch</c>,
/// the switch above it as <c>spine</c>, above that <c>core</c>, then <c>switch_l4</c>, ...; a block as
/// <c>block</c>. Stateless.
/// </summary>
internal static class SlurmTopology
{
    private static readonly string[] LevelNames = ["switch", "spine", "core"];

    /// <summary>Whether a <c>.conf</c> text is a Slurm topology (a line starting with SwitchName= or BlockName=).</summary>
    public static bool IsConf(string text) =>
        text.Split('\n').Any(l => StripComment(l).TrimStart() is var t
            && (t.StartsWith("SwitchName=", StringComparison.OrdinalIgnoreCase) || t.StartsWith("BlockName=", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The hosts of a <c>topology.conf</c> text; unusable lines are reported.</summary>
    public static List<TopologyHost> ParseConf(string text, string path, List<RunInputProblem> problems)
    {
        var tree = new Tree();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2))
                .Where(kv => kv.Length == 2)
                .GroupBy(kv => kv[0].ToUpperInvariant())
                .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
            var problem = fields.TryGetValue("SWITCHNAME", out var name)
                ? tree.AddSwitch(name, fields.GetValueOrDefault("NODES"), fields.GetValueOrDefault("SWITCHES"))
                : fields.TryGetValue("BLOCKNAME", out var block)
                    ? tree.AddBlock(block, fields.GetValueOrDefault("NODES"))
                    : "neither SwitchName= nor BlockName=";
            if (problem is not null)
            {
                problems.Add(new RunInputProblem(path, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {problem}; ignored")));
            }
        }

        return tree.Hosts();
    }

    /// <summary>The hosts of a Slurm <c>topology.yaml</c> document, or null when <paramref name="root"/> is not one.</summary>
    public static List<TopologyHost>? TryParseYaml(YamlNode? root, string path, List<RunInputProblem> problems)
    {
        if (root is not { Kind: YamlNodeKind.Sequence } || root.Items.Count == 0
            || !root.Items.All(t => t.Kind == YamlNodeKind.Mapping && t.ScalarOf("topology") is not null && (t["tree"] is not null || t["block"] is not null || t["flat"] is not null)))
        {
            return null;
        }

        // The cluster's default topology describes the fabric; else the first one.
        var chosen = root.Items.FirstOrDefault(t => t.ScalarOf("cluster_default") is "true" or "True" or "yes") ?? root.Items[0];
        var tree = new Tree();
        foreach (var sw in chosen["tree"]?["switches"]?.Items ?? [])
        {
            if (sw.ScalarOf("switch") is { } name && tree.AddSwitch(name, sw.ScalarOf("nodes"), sw.ScalarOf("children")) is { } problem)
            {
                problems.Add(new RunInputProblem(path, string.Create(CultureInfo.InvariantCulture, $"line {sw.Line}: {problem}; ignored")));
            }
        }

        foreach (var block in chosen["block"]?["blocks"]?.Items ?? [])
        {
            if (block.ScalarOf("block") is { } name && tree.AddBlock(name, block.ScalarOf("nodes")) is { } problem)
            {
                problems.Add(new RunInputProblem(path, string.Create(CultureInfo.InvariantCulture, $"line {block.Line}: {problem}; ignored")));
            }
        }

        return tree.Hosts();
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    /// <summary>Switches with their nodes and children, and blocks, as the file lists them.</summary>
    private sealed class Tree
    {
        private readonly Dictionary<string, string> _parentOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _leafOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _blockOf = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        public string? AddSwitch(string name, string? nodes, string? switches)
        {
            if (nodes is null && switches is null)
            {
                return $"switch {name} names neither nodes nor switches";
            }

            if (nodes is not null)
            {
                if (!SlurmHostList.TryExpand(nodes, out var hosts))
                {
                    return $"'{nodes}' is not a Slurm host list";
                }

                foreach (var host in hosts)
                {
                    Remember(host);
                    _leafOf.TryAdd(host, name);
                }
            }

            if (switches is not null)
            {
                if (!SlurmHostList.TryExpand(switches, out var children))
                {
                    return $"'{switches}' is not a Slurm host list";
                }

                foreach (var child in children)
                {
                    _parentOf.TryAdd(child, name);
                }
            }

            return null;
        }

        public string? AddBlock(string name, string? nodes)
        {
            if (nodes is null || !SlurmHostList.TryExpand(nodes, out var hosts))
            {
                return $"block {name} has no Slurm host list of nodes";
            }

            foreach (var host in hosts)
            {
                Remember(host);
                _blockOf.TryAdd(host, name);
            }

            return null;
        }

        public List<TopologyHost> Hosts() => _order.Select(host =>
        {
            var attributes = new List<KeyValuePair<string, string>>();
            var level = 0;
            for (var sw = _leafOf.GetValueOrDefault(host); sw is not null && level < 16; sw = _parentOf.GetValueOrDefault(sw), level++)
            {
                var key = level < LevelNames.Length ? LevelNames[level] : string.Create(CultureInfo.InvariantCulture, $"switch_l{level + 1}");
                attributes.Add(new(key, sw));
            }

            if (_blockOf.TryGetValue(host, out var block))
            {
                attributes.Add(new("block", block));
            }

            return new TopologyHost(host, attributes, []);
        }).ToList();

        private void Remember(string host)
        {
            if (!_leafOf.ContainsKey(host) && !_blockOf.ContainsKey(host))
            {
                _order.Add(host);
            }
        }
    }
}
