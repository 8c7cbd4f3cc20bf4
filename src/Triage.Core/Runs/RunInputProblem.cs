namespace Triage.Runs;

/// <summary>A run-directory file that looked like metadata but could not be used, and why.</summary>
/// <param name="Path">The file (or directory) concerned.</param>
/// <param name="Reason">A plain sentence; may name a line (<c>line 12: ...</c>).</param>
public sealed record RunInputProblem(string Path, string Reason);
