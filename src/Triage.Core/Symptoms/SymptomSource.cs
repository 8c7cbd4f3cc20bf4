namespace Triage.Symptoms;

/// <summary>Where a symptom was read: the file (relative to the run directory), its 1-based line and byte offset.</summary>
/// <param name="Path">Path relative to the run directory, with '/' separators.</param>
/// <param name="Line">1-based line number where the symptom starts.</param>
/// <param name="Offset">Byte offset of that line in the (decompressed) file.</param>
public sealed record SymptomSource(string Path, long Line, long Offset);
