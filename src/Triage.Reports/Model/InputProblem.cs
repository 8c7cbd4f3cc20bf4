namespace Triage.Reports.Model;

/// <summary>A file that could not be read or used.</summary>
/// <param name="Path">File, relative to the run directory.</param>
/// <param name="Kind">failed, skipped, damaged, or metadata.</param>
/// <param name="Reason">Why, in a sentence.</param>
public sealed record InputProblem(string Path, string Kind, string Reason);
