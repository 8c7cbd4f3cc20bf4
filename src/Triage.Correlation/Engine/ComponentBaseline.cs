using Triage.Runs;

namespace Triage.Correlation.Engine;

/// <summary>
/// How much of the job each component holds, the baseline a concentration is measured against:
/// hosts by their ranks (run facts' node list, else the topology's GPUs, else the hosts seen in the
/// logs, equally), GPUs equally, topology attribute values by the hosts behind them.
/// </summary>
internal sealed class ComponentBaseline
{
    private readonly Dictionary<string, double> _hostWeight = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Value), double> _attributeShare = [];
    private readonly double _totalWeight;

    public ComponentBaseline(RunInputs inputs, IEnumerable<string> observedHosts, int observedMaxRank)
    {
        var facts = inputs.Facts;
        var topology = inputs.Topology;
        if (facts is { Nodes.Count: > 0 })
        {
            foreach (var node in facts.Nodes)
            {
                _hostWeight[node] = facts.RanksPerNode ?? 1;
            }

            Source = "the run's node list";
        }
        else if (topology is { Hosts.Count: > 0 })
        {
            foreach (var host in topology.Hosts)
            {
                _hostWeight[host] = Math.Max(1, topology.GpuCount(host));
            }

            Source = "the topology";
        }

        foreach (var host in observedHosts)
        {
            _hostWeight.TryAdd(host, _hostWeight.Count == 0 ? 1 : _hostWeight.Values.Average());
        }

        Source ??= "the hosts seen in the logs";
        _totalWeight = Math.Max(1, _hostWeight.Values.Sum());
        GpusPerHost = facts?.RanksPerNode
            ?? (topology is { Hosts.Count: > 0 } ? Math.Max(1, topology.Hosts.Max(topology.GpuCount)) : 8);
        WorldSize = facts?.WorldSize ?? Math.Max(observedMaxRank + 1, (int)Math.Round(_hostWeight.Count * (double)GpusPerHost));
        if (topology is not null)
        {
            foreach (var key in topology.AttributeKeys)
            {
                foreach (var host in _hostWeight.Keys)
                {
                    if (topology.Attribute(host, key) is { } value)
                    {
                        _attributeShare[(key, value)] = _attributeShare.GetValueOrDefault((key, value)) + _hostWeight[host] / _totalWeight;
                    }
                }
            }
        }
    }

    /// <summary>Where the host list came from, for the evidence.</summary>
    public string Source { get; }

    public int Hosts => _hostWeight.Count;

    public int GpusPerHost { get; }

    public int WorldSize { get; }

    public double RankShare => 1.0 / Math.Max(1, WorldSize);

    public double HostShare(string host) => _hostWeight.TryGetValue(host, out var w) ? w / _totalWeight : 1.0 / Math.Max(1, Hosts);

    public double GpuShare(string host) => HostShare(host) / Math.Max(1, GpusPerHost);

    public double AttributeShare(string key, string value) => _attributeShare.TryGetValue((key, value), out var share) ? share : 1.0 / Math.Max(1, Hosts);

    /// <summary>Hosts behind a topology attribute value.</summary>
    public int HostsWith(Topology? topology, string key, string value) =>
        topology is null ? 0 : _hostWeight.Keys.Count(h => topology.Attribute(h, key) == value);
}
