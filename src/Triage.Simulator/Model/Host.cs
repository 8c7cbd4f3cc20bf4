namespace Triage.Simulator.Model;

/// <summary>One machine: where it sits in the fabric, its GPUs' PCI bus ids and its clock offset.</summary>
internal sealed record Host(int Index, string Name, string Rack, string Switch, string Spine, string Ip, TimeSpan ClockSkew, double BootUptimeSeconds)
{
    /// <summary>The fully qualified name (<c>Name.domain</c>).</summary>
    public string Fqdn { get; init; } = Name;

    /// <summary>The name of the pod that ran on this host (Kubernetes styles), else <see cref="Name"/>.</summary>
    public string Pod { get; init; } = Name;

    /// <summary>The NIC's bus id (mlx5_core lines).</summary>
    public string NicPci(int port) => Cluster.NicBus[port % Cluster.NicBus.Length] + ":00.0";
}
