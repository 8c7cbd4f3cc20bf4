namespace Triage.Dumps;

/// <summary>Bounds on what is read from an untrusted dump and the module files it names.</summary>
public sealed record DumpLimits
{
    /// <summary>The defaults: 4,096 threads, 4,096 modules, 64 frames, 64 MiB of notes, 256 MiB of symbols per module, 512 KiB of stack scanned.</summary>
    public static DumpLimits Default { get; } = new();

    /// <summary>Threads read (default 4,096); more are counted, not read.</summary>
    public int MaxThreads { get; init; } = 4096;

    /// <summary>Modules read (default 4,096).</summary>
    public int MaxModules { get; init; } = 4096;

    /// <summary>Frames in the crashing thread's stack (default 64).</summary>
    public int MaxFrames { get; init; } = 64;

    /// <summary>Program headers read (default 65,536).</summary>
    public int MaxSegments { get; init; } = 65_536;

    /// <summary>Bytes of ELF notes read (default 64 MiB).</summary>
    public long MaxNoteBytes { get; init; } = 64L << 20;

    /// <summary>Bytes of symbol and string tables read from one module file (default 256 MiB).</summary>
    public long MaxSymbolBytes { get; init; } = 256L << 20;

    /// <summary>Bytes of stack scanned for return addresses (default 512 KiB).</summary>
    public int MaxStackScanBytes { get; init; } = 512 << 10;

    /// <summary>Bytes at the top of the main stack searched for the environment (default 256 KiB).</summary>
    public int MaxEnvironmentBytes { get; init; } = 256 << 10;

    /// <summary>Environment variables kept (default 512).</summary>
    public int MaxEnvironment { get; init; } = 512;
}
