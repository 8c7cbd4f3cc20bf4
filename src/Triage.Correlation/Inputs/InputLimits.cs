namespace Triage.Correlation.Inputs;

/// <summary>
/// Bounds on the untrusted files of a run directory. The defaults suit a run of tens of thousands
/// of GPUs; a file beyond a bound becomes an <see cref="InputProblem"/>, never an exception.
/// </summary>
internal sealed record InputLimits
{
    /// <summary>The defaults.</summary>
    public static InputLimits Default { get; } = new();

    /// <summary>Longest JSONL line read; longer lines are skipped and counted. Default 1 MiB.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Bytes read from a file to recognise it. Default 64 KiB.</summary>
    public int SniffBytes { get; init; } = 64 << 10;

    /// <summary>Lines looked at to recognise a JSONL file. Default 20.</summary>
    public int SniffLines { get; init; } = 20;

    /// <summary>Largest topology or run-facts file (YAML or CSV), after decompression. Default 32 MiB.</summary>
    public long MaxDocumentBytes { get; init; } = 32L << 20;

    /// <summary>Deepest YAML nesting accepted (a guard against stack exhaustion). Default 32.</summary>
    public int MaxYamlDepth { get; init; } = 32;

    /// <summary>Most files looked at in a run directory. Default 1,000,000.</summary>
    public int MaxFiles { get; init; } = 1_000_000;

    /// <summary>Deepest directory level searched below the run directory. Default 32.</summary>
    public int MaxDirectoryDepth { get; init; } = 32;
}
