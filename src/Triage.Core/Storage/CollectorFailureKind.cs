namespace Triage.Storage;

/// <summary>Why a source was not (fully) read.</summary>
public enum CollectorFailureKind
{
    /// <summary>Reading or decoding failed; part of the source may be lost.</summary>
    Failed = 0,

    /// <summary>Deliberately not read (binary, unsupported format).</summary>
    Skipped = 1,

    /// <summary>Read, but the content was cut short (truncated archive, overlong lines).</summary>
    Damaged = 2,
}
