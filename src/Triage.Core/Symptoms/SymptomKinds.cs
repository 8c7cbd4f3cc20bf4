using System.Collections.Frozen;

namespace Triage.Symptoms;

/// <summary>
/// The built-in symptom kinds: the single source of truth for docs/architecture.md §3's table. Rules may only
/// emit kinds listed here; extend the table, never rename an entry. Thread-safe (immutable).
/// </summary>
public static class SymptomKinds
{
    private const string Hardware = "GPU / host hardware";
    private const string Network = "network";
    private const string Process = "process";
    private const string Framework = "CUDA / framework";
    private const string Scheduler = "scheduler";
    private const string Training = "training";
    private const string Dumps = "crash dumps";
    private const string UnknownFamily = "unknown";
    private const string Metadata = "metadata";

    /// <summary>All kinds, in table order.</summary>
    public static IReadOnlyList<SymptomKind> All { get; } =
    [
        new("gpu.xid", Hardware, SymptomCategory.Hardware, "NVIDIA driver Xid event (attr xid)"),
        new("gpu.lost", Hardware, SymptomCategory.Hardware, "GPU fell off the bus or is no longer visible"),
        new("gpu.ecc", Hardware, SymptomCategory.Hardware, "uncorrectable ECC / row-remapping error"),
        new("gpu.sxid", Hardware, SymptomCategory.Hardware, "NVSwitch SXid event"),
        new("host.mce", Hardware, SymptomCategory.Hardware, "machine check exception"),
        new("host.pcie", Hardware, SymptomCategory.Hardware, "PCIe AER / bus error"),
        new("net.ib_link", Network, SymptomCategory.Network, "InfiniBand / RoCE link or port state change"),
        new("nccl.net_error", Network, SymptomCategory.Network, "NCCL transport (NET/IB, socket) error"),
        new("proc.segfault", Process, SymptomCategory.Software, "process killed by SIGSEGV / SIGBUS"),
        new("proc.oom_killed", Process, SymptomCategory.Resource, "process killed by the kernel or cgroup OOM killer"),
        new("proc.abort", Process, SymptomCategory.Software, "process aborted (SIGABRT, std::terminate)"),
        new("cuda.illegal_address", Framework, SymptomCategory.Software, "CUDA illegal memory access"),
        new("cuda.device_assert", Framework, SymptomCategory.Software, "CUDA device-side assertion"),
        new("cuda.oom", Framework, SymptomCategory.Resource, "CUDA out of memory"),
        new("cuda.error", Framework, SymptomCategory.Software, "other CUDA runtime / driver error"),
        new("nccl.timeout", Framework, SymptomCategory.Software, "collective timed out (watchdog)"),
        new("nccl.error", Framework, SymptomCategory.Software, "NCCL / ProcessGroupNCCL error"),
        new("py.exception", Framework, SymptomCategory.Software, "Python traceback (attr exception)"),
        new("py.fatal", Framework, SymptomCategory.Software, "Fatal Python error / faulthandler dump"),
        new("torch.child_failed", Framework, SymptomCategory.Software, "torchrun / elastic ChildFailedError"),
        new("torch.sigterm", Framework, SymptomCategory.Scheduler, "elastic agent or worker received / sent SIGTERM"),
        new("job.cancelled", Scheduler, SymptomCategory.Scheduler, "job or step cancelled"),
        new("job.task_exit", Scheduler, SymptomCategory.Scheduler, "task exited with a non-zero code"),
        new("job.node_fail", Scheduler, SymptomCategory.Hardware, "scheduler declared a node failed"),
        new("k8s.evicted", Scheduler, SymptomCategory.Scheduler, "pod evicted"),
        new("k8s.node_not_ready", Scheduler, SymptomCategory.Hardware, "Kubernetes node NotReady"),
        new("train.loss_spike", Training, SymptomCategory.Data, "loss or grad-norm spike"),
        new("train.nan", Training, SymptomCategory.Data, "NaN / Inf loss or gradient"),
        new("train.overflow", Training, SymptomCategory.Data, "loss-scale overflow / skipped step"),
        new("train.straggler", Training, SymptomCategory.Hardware, "rank or host slower than its peers"),
        new("train.hang", Training, SymptomCategory.Software, "no step progress while processes are alive"),
        new("crash.dump", Dumps, SymptomCategory.Software, "crash dump (attrs signal, module, frame, build id)"),
        new("log.unknown", UnknownFamily, SymptomCategory.Unknown, "warning or error no rule knows (signature = template id)"),
        new("meta.placement", Metadata, SymptomCategory.Unknown, "where a rank runs (host, pid, GPU, PCI bus), from NCCL communicator init: a fact the engine joins on, not a failure"),
        new("meta.version", Metadata, SymptomCategory.Unknown, "a library or driver version the run printed (attrs component, version): NCCL, torch, NVIDIA driver"),
        new("meta.attempt", Metadata, SymptomCategory.Unknown, "a restart attempt began (attr attempt), from torchelastic's rendezvous restart_count or a metrics step counter that went back"),
    ];

    private static readonly FrozenDictionary<string, SymptomKind> ByName =
        All.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>Looks a kind up by its exact name.</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SymptomKind? kind) =>
        ByName.TryGetValue(name, out kind);

    /// <summary>True when <paramref name="name"/> is a built-in kind.</summary>
    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    /// <summary>
    /// True for the <c>meta.*</c> kinds: facts about the run (where a rank runs) that the engine
    /// joins on, never failures to count or explain.
    /// </summary>
    public static bool IsFact(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.StartsWith("meta.", StringComparison.Ordinal);
    }
}
