using Triage.Simulator.Model;

namespace Triage.Simulator.Styles;

/// <summary>How the worker processes were launched, which decides the files their output lands in and the prefixes on its lines.</summary>
internal enum Launcher
{
    /// <summary>Whatever the seed picks (srun <c>--label</c>, torchrun per node, or one file per rank): the simulator before style packs.</summary>
    Seeded,

    /// <summary><c>srun --label</c> starting one torchrun per node: one file, <c>N: </c> (the node's task index) then torchrun's <c>[defaultL]:</c>.</summary>
    SrunTorchrun,

    /// <summary>torchrun per node, workers' output not prefixed (no <c>--tee</c>): one file per node.</summary>
    TorchrunPlain,

    /// <summary>torchrun per node with <c>--tee 3</c>: one file per node, <c>[defaultL]:</c> on every worker line.</summary>
    TorchrunTee,

    /// <summary>torchrun with <c>--log-dir</c>: the agent's log per node, and <c>LOGDIR/RUNID/attempt_N/LOCAL_RANK/stderr.log</c> plus <c>error.json</c>.</summary>
    TorchElastic,

    /// <summary>The DeepSpeed launcher over pdsh: one file, every line prefixed by <c>HOST: </c>.</summary>
    DeepSpeed,

    /// <summary><c>mpirun --tag-output</c>: one file, <c>[1,RANK]&lt;stderr&gt;:</c> / <c>&lt;stdout&gt;:</c> prefixes.</summary>
    Mpirun,

    /// <summary>A Kubeflow PyTorchJob: one log per pod (<c>JOB-worker-N</c>), torchrun inside each pod, node kernel logs apart.</summary>
    KubernetesPods,

    /// <summary><c>srun --output=%t</c>: one file per rank without prefixes, and <c>journalctl</c> exports per host.</summary>
    PerRankJournal,
}

/// <summary>The shape of the cluster-topology file.</summary>
internal enum TopologyShape
{
    /// <summary><c>topology.yaml</c>: <c>hosts:</c>, a list of mappings with <c>host:</c> (the simulator before style packs).</summary>
    List,

    /// <summary><c>topology.yaml</c>: a mapping keyed by host name.</summary>
    MapByHost,

    /// <summary><c>inventory/nodes.csv</c> with a header row.</summary>
    Csv,

    /// <summary>Slurm's <c>topology.conf</c> (<c>SwitchName=… Switches=… Nodes=node[001-016]</c>).</summary>
    SlurmConf,

    /// <summary>No topology file.</summary>
    None,
}

/// <summary>How the host names look in the lines the processes print (gethostname) and in metadata.</summary>
internal enum HostNaming
{
    /// <summary>Short names everywhere.</summary>
    Short,

    /// <summary>Processes (NCCL, torchrun's failure table) print the FQDN; syslog and Slurm the short name.</summary>
    FqdnInProcess,

    /// <summary>Processes print the short name; the journal export and the metadata the FQDN.</summary>
    FqdnInSystem,

    /// <summary>Processes print their pod name; the node logs the node's name.</summary>
    Pod,
}

/// <summary>Field names and formats of the step manifest (one row per rank per step).</summary>
/// <param name="Step">Name of the step field (<c>step</c>, <c>iteration</c>, <c>global_step</c>).</param>
/// <param name="Rank">Name of the rank field, or null: one file per rank with the rank in its name.</param>
/// <param name="Time">Name of the time field (<c>time</c>, <c>timestamp</c>, <c>ts</c>).</param>
/// <param name="EpochTime">Unix seconds (with milliseconds) instead of ISO 8601.</param>
/// <param name="NumericShards">The data shard is a number (its index in the corpus) instead of a name.</param>
internal sealed record ManifestShape(string Step, string? Rank, string Time, bool EpochTime, bool NumericShards)
{
    public static ManifestShape Default { get; } = new("step", "rank", "time", false, false);
}

/// <summary>
/// A style pack: one way real clusters launch, lay out, describe and stamp a training run. The
/// simulator writes the same incident (same plan, same truth causes) in any pack. Each pack's line
/// and file formats come from public logs, cited in <see cref="Sources"/>.
/// </summary>
internal sealed record StylePack
{
    public required string Name { get; init; }

    public required string Summary { get; init; }

    public Launcher Launcher { get; init; } = Launcher.Seeded;

    /// <summary>The library versions of every attempt (a torch/NCCL vintage), or null: the seed picks.</summary>
    public Versions? Versions { get; init; }

    public TopologyShape Topology { get; init; } = TopologyShape.List;

    /// <summary>Whether <c>run.yaml</c> (our own invention; no real tool writes it) is written.</summary>
    public bool RunYaml { get; init; } = true;

    /// <summary>The step manifest's shape, or null: no manifest even for data scenarios.</summary>
    public ManifestShape? Manifest { get; init; } = ManifestShape.Default;

    public HostNaming Hosts { get; init; } = HostNaming.Short;

    /// <summary>Host name prefix, or null: the seed picks.</summary>
    public string? HostPrefix { get; init; }

    /// <summary>The domain of fully qualified host names.</summary>
    public string Domain { get; init; } = "cluster.internal";

    /// <summary>Factor on every host's clock offset (1: the simulator's few seconds).</summary>
    public double SkewScale { get; init; } = 1;

    /// <summary>Megatron-LM (iteration lines on the last rank) or DeepSpeed (rank 0), or null: the seed picks.</summary>
    public bool? Megatron { get; init; }

    /// <summary>Public logs this pack's formats were taken from (addresses).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    public bool IsDefault => Launcher == Launcher.Seeded;
}
