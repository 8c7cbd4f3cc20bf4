namespace Triage.Runs;

/// <summary>
/// Host → component attributes (rack, switch, spine, ... — whatever fields the file has) and GPU
/// indexes by PCI bus id, from the run's topology files. One host, one name: lookups accept the name
/// as written, any case, and either spelling of a fully qualified one (<c>node-001.cluster</c> and
/// <c>node-001</c> are the same host, whichever the file lists). Immutable and safe to share between threads.
/// </summary>
public sealed class Topology
{
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Entry> _byShortName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds a topology from <paramref name="hosts"/>; a repeated host keeps its first entry.</summary>
    public Topology(IEnumerable<TopologyHost> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var names = new List<string>();
        var keys = new List<string>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            if (_byName.ContainsKey(host.Name))
            {
                continue;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in host.Attributes)
            {
                attributes.TryAdd(key, value);
                if (seenKeys.Add(key))
                {
                    keys.Add(key);
                }
            }

            var gpus = new Dictionary<long, int>();
            foreach (var gpu in host.Gpus)
            {
                if (PciBusId.TryGetKey(gpu.Pci, out var pci))
                {
                    gpus.TryAdd(pci, gpu.Index);
                }
            }

            var entry = new Entry(attributes, gpus, host.Gpus.Count);
            _byName.Add(host.Name, entry);
            _byShortName.TryAdd(ShortName(host.Name), entry);
            names.Add(host.Name);
        }

        Hosts = names;
        AttributeKeys = keys;
    }

    /// <summary>The hosts in file order.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>The attribute keys any host has (e.g. rack, switch, spine), in first-seen order.</summary>
    public IReadOnlyList<string> AttributeKeys { get; }

    /// <summary>The value of attribute <paramref name="key"/> of <paramref name="host"/>, or null.</summary>
    public string? Attribute(string host, string key) =>
        Find(host) is { } entry && entry.Attributes.TryGetValue(key, out var value) ? value : null;

    /// <summary>The GPU index of the device at <paramref name="pci"/> on <paramref name="host"/> (any spelling <see cref="PciBusId"/> accepts), or null.</summary>
    public int? GpuIndexForPci(string host, string pci) =>
        Find(host) is { } entry && PciBusId.TryGetKey(pci, out var key) && entry.Gpus.TryGetValue(key, out var index) ? index : null;

    /// <summary>How many GPUs the file lists for <paramref name="host"/> (0 for an unknown host).</summary>
    public int GpuCount(string host) => Find(host)?.GpuCount ?? 0;

    /// <summary>Whether <paramref name="host"/> is in the topology.</summary>
    public bool Contains(string host) => Find(host) is not null;

    private Entry? Find(string host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        return _byName.TryGetValue(host, out var entry) || _byShortName.TryGetValue(ShortName(host), out entry) ? entry : null;
    }

    /// <summary>A host's short name (up to the first dot; an IPv4 address is its own), under which an FQDN and its short form are one host.</summary>
    public static string ShortName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && !char.IsAsciiDigit(host[0]) ? host[..dot] : host; // an IPv4 address has no short name
    }

    private sealed record Entry(Dictionary<string, string> Attributes, Dictionary<long, int> Gpus, int GpuCount);
}
