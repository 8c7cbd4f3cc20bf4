using Triage.Dumps.Signatures;

namespace Triage.Dumps;

/// <summary>How dumps are read. Immutable; safe to share.</summary>
public sealed record DumpOptions
{
    /// <summary>Defaults: modules looked up at the path the dump names, then beside the dump, then in /usr/lib/debug by build id; built-in signature skip list; <see cref="DumpLimits.Default"/>.</summary>
    public static DumpOptions Default { get; } = new();

    /// <summary>Directories searched (in order) for a module file by its name, after its own path. Default: none.</summary>
    public IReadOnlyList<string> SymbolPaths { get; init; } = [];

    /// <summary>Whether a module is looked for at the path the dump names and beside the dump (default true: a dump read on the machine that wrote it, or copied with its modules).</summary>
    public bool UseModulePaths { get; init; } = true;

    /// <summary>Debug directories holding <c>.build-id/xx/yyyy.debug</c> files (default <c>/usr/lib/debug</c>). No network lookups are made.</summary>
    public IReadOnlyList<string> DebugDirectories { get; init; } = ["/usr/lib/debug"];

    /// <summary>Skip list for crash signatures (default: <see cref="SignatureRules.BuiltIn"/>).</summary>
    public SignatureRules? Signatures { get; init; }

    /// <summary>Bounds on untrusted input.</summary>
    public DumpLimits Limits { get; init; } = DumpLimits.Default;

    /// <summary>Whether .NET dumps are opened with ClrMD for the managed exception (default true).</summary>
    public bool ReadManaged { get; init; } = true;
}
