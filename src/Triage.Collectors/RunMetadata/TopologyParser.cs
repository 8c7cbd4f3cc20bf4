using System.Globalization;
using Triage.Rules.Loading;
using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Reads topology hosts from a YAML tree, in the shapes inventories write:
/// <list type="bullet">
/// <item>a list of host mappings, at the top or under <c>hosts:</c>/<c>nodes:</c>, each naming its host
/// with <c>host</c>, <c>hostname</c>, <c>name</c>, <c>node</c> or <c>node_name</c>;</item>
/// <item>a mapping keyed by host name, under <c>hosts:</c>/<c>nodes:</c>, or at the top of a file named
/// <c>topology.*</c> (elsewhere only when every key looks like a host: it holds a digit).</item>
/// </list>
/// Every other scalar field of a host is a component attribute; a nested mapping of scalars is
/// flattened with dotted keys (<c>network: { leaf: l1 }</c> → <c>network.leaf</c>). <c>gpus</c> is a
/// list of <c>{ index, pci }</c> mappings or PCI ids, a mapping index → PCI id, or a bare count.
/// Stateless.
/// </summary>
internal static class TopologyParser
{
    private static readonly string[] NameKeys = ["host", "hostname", "name", "node", "node_name", "nodename"];

    /// <summary>The hosts of <paramref name="root"/>, or null when it is not a topology. Unusable entries are reported.</summary>
    /// <param name="root">The document.</param>
    /// <param name="namedTopology">Whether the file is named like a topology (<c>topology.*</c>).</param>
    /// <param name="path">The file, for problems.</param>
    /// <param name="problems">Where unusable entries are reported.</param>
    public static List<TopologyHost>? TryParse(YamlNode? root, bool namedTopology, string path, List<RunInputProblem> problems)
    {
        if (root is null)
        {
            return null;
        }

        var list = root.Kind == YamlNodeKind.Mapping ? root["hosts"] ?? root["nodes"] : null;
        if (list is { Kind: YamlNodeKind.Sequence } || (list is null && root.Kind == YamlNodeKind.Sequence))
        {
            var items = (list ?? root).Items;
            return items.Count > 0 && items[0].Kind == YamlNodeKind.Mapping && NameOf(items[0]) is not null
                ? FromList(items, path, problems)
                : null;
        }

        if (list is { Kind: YamlNodeKind.Mapping } && IsKeyedByHost(list, requireDigits: false))
        {
            return FromKeyed(list);
        }

        return list is null && root.Kind == YamlNodeKind.Mapping && IsKeyedByHost(root, requireDigits: !namedTopology)
            ? FromKeyed(root)
            : null;
    }

    private static bool IsKeyedByHost(YamlNode mapping, bool requireDigits) =>
        mapping.Entries.Count > 0
        && mapping.Entries.All(e => e.Value.Kind == YamlNodeKind.Mapping && e.Key.Value.Trim().Length > 0 && !e.Key.Value.Contains(' ', StringComparison.Ordinal)
            && (!requireDigits || e.Key.Value.Any(char.IsAsciiDigit)))
        && mapping.Entries.Any(e => e.Value.Entries.Any(a => a.Value.Kind == YamlNodeKind.Scalar || a.Key.Value == "gpus"));

    private static List<TopologyHost> FromList(List<YamlNode> items, string path, List<RunInputProblem> problems)
    {
        var result = new List<TopologyHost>();
        var skipped = new List<int>();
        foreach (var item in items)
        {
            if (item.Kind != YamlNodeKind.Mapping || NameOf(item) is not { } name)
            {
                skipped.Add(item.Line);
                continue;
            }

            result.Add(Host(name, item, NameKeyOf(item)));
        }

        if (skipped.Count > 0)
        {
            problems.Add(new RunInputProblem(path, string.Create(CultureInfo.InvariantCulture,
                $"{skipped.Count} host entries without a host name were skipped (first at line {skipped[0]})")));
        }

        return result;
    }

    private static List<TopologyHost> FromKeyed(YamlNode mapping) =>
        mapping.Entries.Select(e => Host(e.Key.Value.Trim(), e.Value, nameKey: null)).ToList();

    private static TopologyHost Host(string name, YamlNode host, string? nameKey)
    {
        var attributes = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in host.Entries)
        {
            if (key.Value == nameKey || key.Value is "gpus" or "")
            {
                continue;
            }

            if (value.Kind == YamlNodeKind.Scalar && !value.IsNull)
            {
                attributes.Add(new(key.Value, value.Value.Trim()));
            }
            else if (value.Kind == YamlNodeKind.Mapping)
            {
                foreach (var (innerKey, inner) in value.Entries)
                {
                    if (inner.Kind == YamlNodeKind.Scalar && !inner.IsNull && innerKey.Value.Length > 0)
                    {
                        attributes.Add(new(key.Value + "." + innerKey.Value, inner.Value.Trim()));
                    }
                }
            }
        }

        return new TopologyHost(name, attributes, Gpus(host["gpus"]));
    }

    private static string? NameKeyOf(YamlNode host) =>
        NameKeys.FirstOrDefault(k => host.ScalarOf(k) is { } v && v.Trim().Length > 0);

    private static string? NameOf(YamlNode host) => NameKeyOf(host) is { } key ? host.ScalarOf(key)!.Trim() : null;

    private static List<TopologyGpu> Gpus(YamlNode? node)
    {
        var gpus = new List<TopologyGpu>();
        switch (node?.Kind)
        {
            case YamlNodeKind.Scalar when int.TryParse(node.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                for (var i = 0; i < Math.Min(n, 1024); i++)
                {
                    gpus.Add(new TopologyGpu(i, null));
                }

                break;
            case YamlNodeKind.Sequence:
                foreach (var item in node.Items)
                {
                    gpus.Add(Gpu(item, gpus.Count));
                }

                break;
            case YamlNodeKind.Mapping:
                // index → PCI id, or index → { pci: ... }
                foreach (var (key, value) in node.Entries)
                {
                    var position = int.TryParse(key.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : gpus.Count;
                    gpus.Add(Gpu(value, position));
                }

                break;
        }

        return gpus;
    }

    private static TopologyGpu Gpu(YamlNode item, int position) => item.Kind switch
    {
        YamlNodeKind.Mapping => new TopologyGpu(
            int.TryParse(item.ScalarOf("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : position,
            item.ScalarOf("pci") ?? item.ScalarOf("pci_bus_id") ?? item.ScalarOf("bus_id")),
        YamlNodeKind.Scalar when !item.IsNull => new TopologyGpu(position, item.Value),
        _ => new TopologyGpu(position, null),
    };
}
