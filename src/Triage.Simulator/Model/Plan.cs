using Triage.Simulator.Randomness;

namespace Triage.Simulator.Model;

/// <summary>
/// Everything about one simulated run that the writers need, small enough for any scale: the
/// cluster (O(hosts)), the attempts and their crashes, side events and noise (a handful each),
/// and the shard model (a hash). Per-rank content is derived from it on demand.
/// </summary>
internal sealed class Plan
{
    public required string RunName { get; init; }

    public required IReadOnlyList<string> Scenarios { get; init; }

    public required int Seed { get; init; }

    public required ulong Key { get; init; }

    public required int Ranks { get; init; }

    public required Cluster Cluster { get; init; }

    public required ParallelLayout Parallel { get; init; }

    public required int JobId { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    public required LogLayout Layout { get; init; }

    public required bool Megatron { get; init; }

    public required bool DmesgStyle { get; init; }

    /// <summary>The style pack the run is written in (launcher, layout, metadata, host names).</summary>
    public Styles.StylePack Style { get; init; } = Styles.StylePacks.Default;

    public required string CodeVersion { get; init; }

    public required ShardModel Shards { get; init; }

    public required IReadOnlyList<Cause> Causes { get; init; }

    public List<Attempt> Attempts { get; } = [];

    public List<SideEvent> Events { get; } = [];

    /// <summary>Whether the step manifest is part of the directory.</summary>
    public required bool WithManifest { get; init; }

    /// <summary>Hosts whose kernel log is missing, and hosts whose worker log stops early (with the time).</summary>
    public HashSet<int> MissingKernelLogs { get; } = [];

    public Dictionary<int, DateTimeOffset> CutShort { get; } = [];

    /// <summary>A rank whose compute slows down before it hangs (straggler scenario), or -1.</summary>
    public int SlowRank { get; set; } = -1;

    public DateTimeOffset SlowFrom { get; set; }

    /// <summary>A rank whose GPU is thermally throttled from <see cref="ThrottleFrom"/> to the end without hanging (thermal scenario), or -1.</summary>
    public int ThrottleRank { get; set; } = -1;

    public DateTimeOffset ThrottleFrom { get; set; }

    public Label? ThrottleLabel { get; set; }

    /// <summary>The rank that prints iteration lines (Megatron: the last rank; DeepSpeed: rank 0).</summary>
    public int LoggingRank => Megatron ? Ranks - 1 : 0;

    public int GlobalBatch => Math.Clamp(Parallel.Dp * 64, 256, 16384);

    public Attempt? AttemptAt(DateTimeOffset t) => Attempts.FirstOrDefault(a => a.Contains(t));

    public int Pid(int rank, int attempt) => 1000 + (int)(Rng.Hash(Key, 31, (ulong)(rank / Cluster.GpusPerHost), (ulong)attempt) % 3_000_000) + (rank % Cluster.GpusPerHost * 7);

    public int AgentPid(int host, int attempt) => Pid(host * Cluster.GpusPerHost, attempt) - 11;

    public TimeSpan Skew(int host) => Cluster.Hosts[host].ClockSkew;

    /// <summary>The host name a process on <paramref name="host"/> prints (gethostname: NCCL, torchrun's failure table).</summary>
    public string ProcessHost(Host host) => Style.Hosts switch
    {
        Styles.HostNaming.FqdnInProcess => host.Fqdn,
        Styles.HostNaming.Pod => host.Pod,
        _ => host.Name,
    };

    /// <summary>The host name the system log export of <paramref name="host"/> carries.</summary>
    public string SystemHost(Host host) => Style.Hosts == Styles.HostNaming.FqdnInSystem ? host.Fqdn : host.Name;
}
