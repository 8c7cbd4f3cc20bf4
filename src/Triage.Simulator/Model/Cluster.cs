using System.Globalization;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Model;

/// <summary>
/// Hosts, racks, leaf switches and GPU bus ids. Host i runs ranks i*G .. i*G+G-1 (rank r on host
/// r / G, local rank and GPU index r % G).
/// </summary>
internal sealed class Cluster
{
    /// <summary>GPU bus numbers of an HGX H100 board, the order nvidia-smi lists them.</summary>
    public static readonly string[] GpuBus = ["18", "2a", "3a", "5d", "9a", "ab", "ba", "db", "1b", "2b", "3b", "5e", "9b", "ac", "bb", "dc"];

    /// <summary>ConnectX bus numbers (one NIC per GPU pair on these boxes).</summary>
    public static readonly string[] NicBus = ["0000:1a", "0000:3c", "0000:9c", "0000:bc"];

    private readonly Host[] _hosts;

    public Cluster(int hostCount, int gpusPerHost, ulong seed, string hostPrefix, double skewScale = 1, string domain = "cluster.internal", string? podPrefix = null)
    {
        GpusPerHost = gpusPerHost;
        var rng = Rng.For(seed, 11);
        HostsPerLeaf = rng.Between(4, 8);
        var width = Math.Max(3, hostCount.ToString(CultureInfo.InvariantCulture).Length);
        _hosts = new Host[hostCount];
        for (var i = 0; i < hostCount; i++)
        {
            var n = i + 1;
            var leaf = (i / HostsPerLeaf) + 1;
            var rack = (i / 4) + 1;
            var spine = ((leaf - 1) / 16) + 1;
            var skew = TimeSpan.FromMilliseconds(Math.Clamp(Math.Round(rng.Normal() * 1500), -4000, 4000) * skewScale);
            var ip = string.Create(CultureInfo.InvariantCulture, $"10.{12 + (i / 62500)}.{i / 250 % 250}.{(i % 250) + 2}");
            var name = hostPrefix + n.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            _hosts[i] = new Host(
                i,
                name,
                string.Create(CultureInfo.InvariantCulture, $"rack-{(char)('a' + (rack / 100 % 26))}{rack % 100:00}"),
                string.Create(CultureInfo.InvariantCulture, $"ib-leaf-{leaf:00}"),
                string.Create(CultureInfo.InvariantCulture, $"ib-spine-{spine}"),
                ip,
                skew,
                rng.Between(200_000.0, 3_000_000.0))
            {
                Fqdn = name + "." + domain,
                Pod = podPrefix is null ? name : podPrefix + i.ToString(CultureInfo.InvariantCulture),
            };
        }
    }

    public int GpusPerHost { get; }

    public int HostsPerLeaf { get; }

    public IReadOnlyList<Host> Hosts => _hosts;

    public Host HostOfRank(int rank) => _hosts[rank / GpusPerHost];

    public static string GpuPci(int gpu) => "0000:" + GpuBus[gpu % GpuBus.Length] + ":00";

    /// <summary>NCCL's busId form (<c>18000</c>).</summary>
    public static string GpuBusId(int gpu) => GpuBus[gpu % GpuBus.Length] + "000";

    public IEnumerable<Host> BehindSwitch(string leaf) => _hosts.Where(h => string.Equals(h.Switch, leaf, StringComparison.Ordinal));
}
