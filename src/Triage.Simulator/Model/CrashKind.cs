namespace Triage.Simulator.Model;

/// <summary>How the first failure of an incident shows on the failing rank and host.</summary>
internal enum CrashKind
{
    /// <summary>Python traceback ending in "CUDA error: an illegal memory access was encountered".</summary>
    IllegalAccessTraceback,

    /// <summary>The NCCL watchdog thread dies on the illegal access (c10 frames, terminate, SIGABRT).</summary>
    IllegalAccessWatchdog,

    /// <summary>SIGSEGV in a CUDA library: faulthandler dump plus a kernel segfault line.</summary>
    DataSegfault,

    /// <summary>Megatron's NaN check in the grad norm (AssertionError traceback).</summary>
    NanGradNorm,

    /// <summary>Device-side assert (index out of bounds) from corrupt token ids.</summary>
    DeviceAssert,

    /// <summary>Xid 79: GPU fell off the bus.</summary>
    GpuLost,

    /// <summary>Xid 48 / 63 (double-bit error, row remap) then "uncorrectable ECC error encountered".</summary>
    EccDbe,

    /// <summary>Xid 94/95 and 64 (contained/uncontained ECC, row remap failure).</summary>
    EccUncontained,

    /// <summary>A throttled GPU stops making progress: heartbeat monitor and stuck watchdog on its rank.</summary>
    StragglerHang,

    /// <summary>IB link down long enough for NCCL to give up: completion errors, remote error.</summary>
    NetworkError,

    /// <summary>OOM killer kills a DataLoader worker; the trainer raises.</summary>
    HostOom,

    /// <summary>A race: segfault in a background thread.</summary>
    RaceSegfault,

    /// <summary>A race: a C++ exception escapes a thread (terminate, SIGABRT).</summary>
    RaceAbort,

    /// <summary>NCCL internal error after a library upgrade.</summary>
    NcclInternal,

    /// <summary>A collective hangs with no error anywhere: only watchdog timeouts.</summary>
    CollectiveHang,

    /// <summary>Xid 119 (GSP RPC timeout) then Xid 154 (GPU reset required); the rank's CUDA calls fail.</summary>
    GspTimeout,

    /// <summary>The host is taken away for unplanned maintenance: its ranks vanish without a word, Slurm reports a node failure.</summary>
    NodeDown,
}
