using Triage.Runs;

namespace Triage.Reports.Building;

/// <summary>
/// What a report reads besides the store: the run's metadata (run facts with their attempts,
/// topology, step manifest) and its training curves. Both are empty for a run known only by name.
/// </summary>
/// <param name="Inputs">The run's metadata as the analysis used it.</param>
/// <param name="Curve">Loss and grad-norm curves from the run's metrics files.</param>
/// <param name="Problems">Files the curves could not be read from, and why.</param>
public sealed record ReportSources(RunInputs Inputs, TrainingCurve Curve, IReadOnlyList<(string Path, string Reason)> Problems)
{
    /// <summary>Nothing besides the store.</summary>
    public static ReportSources None { get; } = new(RunInputs.None, TrainingCurve.None, []);

    /// <summary>
    /// The run directory the inputs were read from, or null. Paths under it are shown relative to it,
    /// so a report reads the same on every machine.
    /// </summary>
    public string? RunDirectory { get; init; }

    /// <summary><paramref name="path"/> relative to <see cref="RunDirectory"/> when it lies under it, with '/' separators; else as given.</summary>
    public string Relative(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (RunDirectory is null || !Path.IsPathRooted(path))
        {
            return path;
        }

        var relative = Path.GetRelativePath(RunDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
