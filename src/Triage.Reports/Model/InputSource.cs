namespace Triage.Reports.Model;

/// <summary>A source read.</summary>
/// <param name="Path">File, relative to the run directory.</param>
/// <param name="Lines">Lines (or rows) read.</param>
public sealed record InputSource(string Path, long Lines);
