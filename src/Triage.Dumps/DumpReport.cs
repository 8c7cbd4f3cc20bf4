namespace Triage.Dumps;

/// <summary>Everything read from one dump. Immutable.</summary>
public sealed record DumpReport
{
    /// <summary>The dump file.</summary>
    public required string Path { get; init; }

    /// <summary><c>elf-core</c> or <c>minidump</c>.</summary>
    public required string Format { get; init; }

    /// <summary>x86_64, aarch64, ...</summary>
    public required string Machine { get; init; }

    /// <summary>Process id, when the dump says.</summary>
    public int? Pid { get; init; }

    /// <summary>The executable's path (auxv AT_EXECFN or the main module), or null.</summary>
    public string? Executable { get; init; }

    /// <summary>Command line (NT_PRPSINFO keeps its first 80 bytes), or null.</summary>
    public string? CommandLine { get; init; }

    /// <summary>
    /// Environment variables that say who the process was (rank, host, job): RANK, LOCAL_RANK,
    /// SLURM_PROCID, HOSTNAME, ... Others are not kept: they may hold secrets.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Host name from the environment, or null.</summary>
    public string? Host { get; init; }

    /// <summary>Global rank from the environment, or null.</summary>
    public int? Rank { get; init; }

    /// <summary>Local rank from the environment, or null.</summary>
    public int? LocalRank { get; init; }

    /// <summary>The fatal signal, or null when the dump is a snapshot (gcore leaves SIGSTOP on every thread; that is no crash).</summary>
    public DumpCrash? Crash { get; init; }

    /// <summary>Threads (at most <see cref="DumpLimits.MaxThreads"/>), the crashing one first.</summary>
    public IReadOnlyList<DumpThread> Threads { get; init; } = [];

    /// <summary>Threads in the dump, also those beyond the limit.</summary>
    public int ThreadCount { get; init; }

    /// <summary>Mapped modules with build ids.</summary>
    public IReadOnlyList<DumpModule> Modules { get; init; } = [];

    /// <summary>The crashing (or first) thread's stack, innermost first.</summary>
    public IReadOnlyList<DumpFrame> Stack { get; init; } = [];

    /// <summary>The top meaningful frames after the skip list, joined by " | "; what groups the same bug on many ranks.</summary>
    public string Signature { get; init; } = string.Empty;

    /// <summary>The frame that names the bug: the signature's first frame that is not a prefix frame (torchCheckFail, memcpy, ...), or null.</summary>
    public DumpFrame? SignatureFrame { get; init; }

    /// <summary>.NET runtime facts, when the process ran .NET.</summary>
    public ManagedInfo? Managed { get; init; }

    /// <summary>What could not be read (a partial result says why).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
