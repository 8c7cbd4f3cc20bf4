using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Fills in who a symptom is about when the line did not say: host from rank (placement facts
/// from NCCL communicator init, run facts' node list, or other symptoms that carried both), GPU
/// from a PCI bus id (placement or topology), from the rank's placement or from the local rank
/// (one GPU per local rank), rank from (host, pid). One host, one name: a host written as an
/// FQDN in one file and as its short name in another (the kernel's journal vs NCCL's init lines)
/// takes the name the topology lists, else the name the placements or ranked symptoms use.
/// </summary>
internal sealed class Enricher
{
    private readonly Dictionary<int, string> _hostOfRank = [];
    private readonly Dictionary<(string Host, int Pid), int> _rankOfProcess = [];
    private readonly Dictionary<(string Host, int LocalRank), int> _rankOfLocal = [];
    private readonly Dictionary<int, int> _gpuOfRank = [];
    private readonly Dictionary<(string Host, string Bus), int> _gpuOfBus = [];
    private readonly Dictionary<string, string> _nameOfShort = new(StringComparer.OrdinalIgnoreCase);
    private readonly Topology? _topology;
    private readonly RunFacts? _facts;

    public Enricher(IEnumerable<Symptom> symptoms, IEnumerable<Symptom> placements, Topology? topology, RunFacts? facts)
    {
        _topology = topology;
        _facts = facts;
        var placed = placements as IReadOnlyCollection<Symptom> ?? placements.ToList();
        var all = symptoms as IReadOnlyCollection<Symptom> ?? symptoms.ToList();
        foreach (var name in (topology?.Hosts ?? []).Concat(placed.Select(p => p.Host)).Concat(all.Where(x => x.Rank is not null).Select(x => x.Host)).OfType<string>())
        {
            _nameOfShort.TryAdd(Topology.ShortName(name), name);
        }

        placements = placed;
        symptoms = all;
        foreach (var p in placements.Select(p => p.Host is { } ph && Canonical(ph) != ph ? p with { Host = Canonical(ph) } : p))
        {
            if (p.Rank is not { } rank)
            {
                continue;
            }

            if (p.Host is { } host)
            {
                _hostOfRank.TryAdd(rank, host);
                if (p.Pid is { } pid)
                {
                    _rankOfProcess.TryAdd((host, pid), rank);
                }

                if (p.Gpu is { } gpu && p.Attrs.TryGetValue("bus_id", out var busId) && BusOfNcclId(busId) is { } bus)
                {
                    _gpuOfBus.TryAdd((host, bus), gpu);
                }
            }

            if (p.Gpu is { } g)
            {
                _gpuOfRank.TryAdd(rank, g);
            }
        }

        foreach (var s in symptoms)
        {
            if (s.Host is { } raw && Canonical(raw) is var host && s.Rank is { } rank)
            {
                _hostOfRank.TryAdd(rank, host);
                if (s.Pid is { } pid)
                {
                    _rankOfProcess.TryAdd((host, pid), rank);
                }

                if (s.LocalRank is { } local)
                {
                    _rankOfLocal.TryAdd((host, local), rank);
                }
            }
        }
    }

    public Symptom Enrich(Symptom s)
    {
        var host = s.Host is { } named ? Canonical(named) : null;
        var rank = s.Rank;
        var gpu = s.Gpu;
        if (host is null && rank is { } r)
        {
            host = _facts?.HostOfRank(r) ?? (_hostOfRank.TryGetValue(r, out var h) ? h : null);
        }

        if (rank is null && host is not null)
        {
            if (s.Pid is { } pid && _rankOfProcess.TryGetValue((host, pid), out var byPid))
            {
                rank = byPid;
            }
            else if (s.LocalRank is { } local && _rankOfLocal.TryGetValue((host, local), out var byLocal))
            {
                rank = byLocal;
            }

        }

        if (gpu is null && host is not null)
        {
            if (s.Attrs.TryGetValue("pci", out var pci) && BusOfPci(pci) is { } bus && _gpuOfBus.TryGetValue((host, bus), out var byBus))
            {
                gpu = byBus;
            }
            else if (s.Attrs.TryGetValue("pci", out pci) && _topology?.GpuIndexForPci(host, pci) is { } index)
            {
                gpu = index;
            }
            else if (rank is { } placed && _gpuOfRank.TryGetValue(placed, out var byRank))
            {
                gpu = byRank;
            }
            else if (s.LocalRank is { } local)
            {
                gpu = local;
            }
            else if (rank is { } rr && _facts?.RanksPerNode is { } perNode && _facts.HostOfRank(rr) is not null)
            {
                gpu = rr % perNode;
            }

        }

        return host == s.Host && rank == s.Rank && gpu == s.Gpu ? s : s with { Host = host, Rank = rank, Gpu = gpu };
    }

    /// <summary>The host a line's symptom ran on: the one it names, else the one its rank was placed on.</summary>
    public string? HostOf(string? host, int? rank) =>
        host is not null ? Canonical(host) : rank is { } r ? _facts?.HostOfRank(r) ?? _hostOfRank.GetValueOrDefault(r) : null;

    /// <summary>The one name of <paramref name="host"/> in this run (see the class summary).</summary>
    public string Canonical(string host) => _nameOfShort.TryGetValue(Topology.ShortName(host), out var name) ? name : host;

    /// <summary>The PCI bus of an NCCL busId such as <c>3b000</c> (bus 3b, device 00, function 0), as two lower-case hex digits.</summary>
    internal static string? BusOfNcclId(string busId) =>
        busId.Length is >= 4 and <= 16 && busId.All(char.IsAsciiHexDigit) ? Normalize(busId[..^3]) : null;

    /// <summary>The PCI bus of an id such as <c>0000:3b:00</c> or <c>0000:3b:00.0</c>.</summary>
    internal static string? BusOfPci(string pci)
    {
        var parts = pci.Split(':');
        return parts.Length >= 3 && parts[^2].All(char.IsAsciiHexDigit) ? Normalize(parts[^2]) : null;
    }

    private static string? Normalize(string bus)
    {
        var trimmed = bus.TrimStart('0').ToLowerInvariant();
        return trimmed.Length switch
        {
            0 => "00",
            1 => "0" + trimmed,
            2 => trimmed,
            _ => trimmed.Length <= 4 ? trimmed : null,
        };
    }
}
