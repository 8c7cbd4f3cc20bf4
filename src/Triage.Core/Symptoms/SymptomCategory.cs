namespace Triage.Symptoms;

/// <summary>What kind of cause a symptom points to by itself (docs/architecture.md §3). Written lower-case.</summary>
public enum SymptomCategory
{
    /// <summary>Nothing known.</summary>
    Unknown = 0,

    /// <summary>GPU, host, memory, PCIe.</summary>
    Hardware,

    /// <summary>InfiniBand, RoCE, Ethernet, NCCL transport.</summary>
    Network,

    /// <summary>Framework, kernel, driver or user code bug.</summary>
    Software,

    /// <summary>Training data or numerics (NaN losses).</summary>
    Data,

    /// <summary>Memory or time exhaustion (OOM, time limits).</summary>
    Resource,

    /// <summary>Slurm / Kubernetes decisions (cancellations, evictions).</summary>
    Scheduler,
}
