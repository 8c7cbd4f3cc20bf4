using System.Globalization;
using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>NCCL's device index made trustworthy from the placements' PCI bus ids (docs/architecture.md §2, "Who and when").</summary>
internal static class DeviceIndexes
{
    /// <summary>
    /// Under per-process <c>CUDA_VISIBLE_DEVICES</c> every rank sees its GPU as device 0, so NCCL's
    /// <c>cudaDev</c> (and the <c>[0]</c> of its line prefix) is 0 on every rank of a host. When one host's
    /// placements show several PCI bus ids behind one device index, that index is not the physical GPU:
    /// the GPU is taken from the topology's PCI ids, else the local rank, else the bus id's position
    /// among the host's bus ids (nvidia-smi numbers GPUs in PCI bus order) when the host reported as
    /// many GPUs as the fullest host; else it is left unknown. Symptoms of those ranks (by rank, or by host
    /// and pid) get the same GPU; their other device indexes are dropped.
    /// </summary>
    public static int Fix(List<Symptom> facts, List<Symptom> symptoms, Topology? topology)
    {
        var byHost = facts
            .Select((f, i) => (Fact: f, Index: i))
            .Where(x => x.Fact.Kind == "meta.placement" && x.Fact.Host is not null && x.Fact.Gpu is not null && x.Fact.Attrs.ContainsKey("bus_id"))
            .GroupBy(x => x.Fact.Host!, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var widest = byHost.Select(h => h.Select(x => x.Fact.Attrs["bus_id"]).Distinct(StringComparer.OrdinalIgnoreCase).Count()).DefaultIfEmpty(0).Max();
        var physicalOfRank = new Dictionary<int, int?>();
        var physicalOfPid = new Dictionary<(string Host, int Pid), int?>();
        var virtualHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var fixedCount = 0;
        foreach (var host in byHost)
        {
            var buses = host.Select(x => x.Fact.Attrs["bus_id"].ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
            var devices = host.Select(x => x.Fact.Gpu!.Value).Distinct().Count();
            if (buses.Count < 2 || devices != 1)
            {
                continue;
            }

            virtualHosts.Add(host.Key);
            var ordered = buses.OrderBy(b => long.TryParse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : long.MaxValue).ToList();
            foreach (var (fact, index) in host)
            {
                var bus = fact.Attrs["bus_id"].ToLowerInvariant();
                int? gpu = topology?.GpuIndexForPci(host.Key, PciOfNcclBus(bus)) ?? fact.LocalRank
                    ?? (buses.Count == widest ? ordered.IndexOf(bus) : null);
                facts[index] = fact with { Gpu = gpu };
                fixedCount++;
                if (fact.Rank is { } rank)
                {
                    physicalOfRank.TryAdd(rank, gpu);
                }

                if (fact.Pid is { } pid)
                {
                    physicalOfPid.TryAdd((host.Key, pid), gpu);
                }
            }
        }

        if (virtualHosts.Count == 0)
        {
            return 0;
        }

        for (var i = 0; i < symptoms.Count; i++)
        {
            var s = symptoms[i];
            if (s.Gpu is null || s.Host is null || !virtualHosts.Contains(s.Host) || s.Attrs.ContainsKey("pci"))
            {
                continue;
            }

            int? gpu = s.Rank is { } r && physicalOfRank.TryGetValue(r, out var byRank) ? byRank
                : s.Pid is { } pid && physicalOfPid.TryGetValue((s.Host, pid), out var byPid) ? byPid
                : s.LocalRank;
            symptoms[i] = s with { Gpu = gpu };
        }

        return fixedCount;
    }

    /// <summary>NCCL's <c>1b000</c> as the PCI id <c>0000:1b:00.0</c> the topology is keyed by.</summary>
    private static string PciOfNcclBus(string bus)
    {
        var padded = bus.PadLeft(5, '0');
        return "0000:" + padded[..^3] + ":" + padded[^3..^1] + "." + padded[^1..];
    }
}
