namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Bounds on the untrusted metadata files of a run directory (topology, run facts, step manifests).
/// The defaults suit a run of tens of thousands of GPUs; a file beyond a bound becomes a
/// <see cref="Triage.Runs.RunInputProblem"/>, never an exception. Immutable.
/// </summary>
internal sealed record RunMetadataLimits
{
    /// <summary>The defaults.</summary>
    public static RunMetadataLimits Default { get; } = new();

    /// <summary>Longest JSONL line read; longer lines are skipped and counted. Default 1 MiB.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Bytes read from a file to recognise it. Default 64 KiB.</summary>
    public int SniffBytes { get; init; } = 64 << 10;

    /// <summary>Lines looked at to recognise a JSONL file. Default 20.</summary>
    public int SniffLines { get; init; } = 20;

    /// <summary>Largest topology or run-facts file (YAML, CSV or topology.conf), after decompression. Default 32 MiB.</summary>
    public long MaxDocumentBytes { get; init; } = 32L << 20;

    /// <summary>Deepest YAML nesting accepted (a guard against stack exhaustion). Default 32.</summary>
    public int MaxYamlDepth { get; init; } = 32;

    /// <summary>Most YAML nodes in one file (a 16k-host topology with 8 GPUs each is about 600k). Default 4,000,000.</summary>
    public int MaxYamlNodes { get; init; } = 4_000_000;
}
