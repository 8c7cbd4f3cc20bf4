using System.Globalization;
using Triage.Hypotheses;
using Triage.Simulator.Evaluation;
using Triage.Simulator.Model;

namespace Triage.Simulator.Styles;

/// <summary>How a style changes the way a correct hypothesis may name a cause (host aliases, numeric shard ids, the topology file's own key for a switch).</summary>
internal static class StyleTruth
{
    public static IReadOnlyList<IReadOnlyList<Factor>> Match(Plan plan, IReadOnlyList<IReadOnlyList<Factor>> match)
    {
        var style = plan.Style;
        if (style.IsDefault)
        {
            return match;
        }

        var result = new List<IReadOnlyList<Factor>>();
        foreach (var alternative in match)
        {
            var shards = alternative.Select(f => f.Key == "data_shard" && style.Manifest is { NumericShards: true }
                ? new Factor(f.Key, plan.Shards.IndexOf(f.Value).ToString(CultureInfo.InvariantCulture))
                : new Factor(TopologyKey(style.Topology, f.Key), f.Value)).ToList();
            result.Add(shards);

            // Without a topology file no switch can be named; the set of hosts behind it, failing
            // at once, is the whole answer the logs allow (and exactly that set, no more, no less).
            if (style.Topology == TopologyShape.None && alternative is [{ Key: "switch", Value: var leaf }])
            {
                result.Add([new Factor(CauseMatcher.HostsKey, Runs.SlurmHostList.Compress(plan.Cluster.BehindSwitch(leaf).Select(h => h.Name)))]);
            }

            var host = shards.FirstOrDefault(f => f.Key == "host");
            if (host is null || plan.Cluster.Hosts.FirstOrDefault(h => h.Name == host.Value) is not { } h)
            {
                continue;
            }

            // One host, one name: the name the processes print is as right as the short name.
            foreach (var alias in new[] { h.Fqdn, h.Pod }.Distinct(StringComparer.Ordinal).Where(a => a != h.Name && Used(style, a == h.Pod)))
            {
                result.Add([.. shards.Select(f => f.Key == "host" ? new Factor("host", alias) : f)]);
            }
        }

        return result;
    }

    /// <summary>A topology component is named by the column or key the style's topology file gives it (MetadataWriter).</summary>
    private static string TopologyKey(TopologyShape shape, string key) => (shape, key) switch
    {
        (TopologyShape.Csv, "switch") => Output.MetadataWriter.CsvLeafKey,
        (TopologyShape.Csv, "spine") => Output.MetadataWriter.CsvSpineKey,
        (TopologyShape.MapByHost, "switch") => Output.MetadataWriter.HostMapLeafKey,
        _ => key,
    };

    private static bool Used(StylePack style, bool pod) => pod ? style.Hosts == HostNaming.Pod : style.Hosts is HostNaming.FqdnInProcess or HostNaming.FqdnInSystem;
}
