namespace Triage.Collectors.Json;

/// <summary>What a JSONL file holds, judged from its first lines (see <see cref="JsonLinesSniffer"/>).</summary>
internal enum JsonLinesKind
{
    /// <summary>Not step-keyed metadata (a JSON log, other JSON, not JSON).</summary>
    Other,

    /// <summary>A step manifest (JSONL with rank, step and string fields).</summary>
    Manifest,

    /// <summary>Training metrics (JSONL with step and numbers only).</summary>
    Metrics,
}
