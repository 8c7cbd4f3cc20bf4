namespace Triage.Collectors.Collection;

/// <summary>What a file is, judged by its content rather than its name.</summary>
internal enum SourceFormat
{
    /// <summary>No bytes.</summary>
    Empty,

    /// <summary>Plain text (any encoding; invalid UTF-8 is replaced).</summary>
    Text,

    /// <summary>Training metrics: JSONL or CSV with a step column, or a TensorBoard event file (see <see cref="Metrics.MetricsSniffer"/>).</summary>
    Metrics,

    /// <summary>gzip-compressed text.</summary>
    GzipText,

    /// <summary>An ELF core file (ET_CORE).</summary>
    ElfCore,

    /// <summary>A Windows/Breakpad minidump (MDMP).</summary>
    Minidump,

    /// <summary>Anything else that is not text.</summary>
    Binary,
}
