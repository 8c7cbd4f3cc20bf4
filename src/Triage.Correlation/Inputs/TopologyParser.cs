using System.Globalization;

namespace Triage.Correlation.Inputs;

/// <summary>
/// Reads topology hosts from a YAML tree: a top-level mapping whose <c>hosts</c> is a sequence of
/// mappings with <c>host</c>. Every other scalar field of a host is a component attribute; <c>gpus</c>
/// is a sequence of <c>{ index, pci }</c> mappings (or a bare count).
/// </summary>
internal static class TopologyParser
{
    /// <summary>Whether <paramref name="root"/> looks like a topology (hosts: a sequence of mappings with host).</summary>
    public static bool IsTopology(YamlNode? root) =>
        root is YamlMapping mapping
        && mapping["hosts"] is YamlSequence hosts
        && hosts.Items.Count > 0
        && hosts.Items[0] is YamlMapping first
        && first.Scalar("host") is not null;

    /// <summary>The hosts of a document that <see cref="IsTopology"/> accepted; entries without a host name are reported.</summary>
    public static List<TopologyHost> Parse(YamlNode root, string path, List<InputProblem> problems)
    {
        var result = new List<TopologyHost>();
        var skipped = new List<long>();
        foreach (var item in ((YamlSequence)((YamlMapping)root)["hosts"]!).Items)
        {
            if (item is not YamlMapping host || string.IsNullOrWhiteSpace(host.Scalar("host")))
            {
                skipped.Add(item.Line);
                continue;
            }

            var attributes = new List<KeyValuePair<string, string>>();
            foreach (var (key, value) in host.Entries)
            {
                if (key is not ("host" or "gpus" or "") && value is YamlScalar scalar)
                {
                    attributes.Add(new(key, scalar.Value));
                }
            }

            result.Add(new TopologyHost(host.Scalar("host")!.Trim(), attributes, ParseGpus(host["gpus"])));
        }

        if (skipped.Count > 0)
        {
            problems.Add(new InputProblem(path, string.Create(CultureInfo.InvariantCulture,
                $"{skipped.Count} hosts entries without a host name were skipped (first at line {skipped[0]})")));
        }

        return result;
    }

    private static List<TopologyGpu> ParseGpus(YamlNode? node)
    {
        var gpus = new List<TopologyGpu>();
        if (node is YamlScalar count && int.TryParse(count.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            for (var i = 0; i < Math.Min(n, 1024); i++)
            {
                gpus.Add(new TopologyGpu(i, null));
            }
        }
        else if (node is YamlSequence sequence)
        {
            foreach (var item in sequence.Items)
            {
                var position = gpus.Count;
                gpus.Add(item switch
                {
                    YamlMapping gpu => new TopologyGpu(
                        int.TryParse(gpu.Scalar("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : position,
                        gpu.Scalar("pci") ?? gpu.Scalar("pci_bus_id") ?? gpu.Scalar("bus_id")),
                    YamlScalar pci => new TopologyGpu(position, pci.Value),
                    _ => new TopologyGpu(position, null),
                });
            }
        }

        return gpus;
    }
}
