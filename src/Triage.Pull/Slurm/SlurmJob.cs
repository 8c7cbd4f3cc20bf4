namespace Triage.Pull.Slurm;

/// <summary>A Slurm job as <c>scontrol show job</c> (or <c>sacct</c>) describes it.</summary>
/// <param name="JobId">Job id.</param>
/// <param name="State">JobState (RUNNING, FAILED, NODE_FAIL, ...).</param>
/// <param name="NodeList">The compressed node list (<c>node[01-04]</c>).</param>
/// <param name="Nodes">The node names, expanded.</param>
/// <param name="BatchHost">The node the batch script ran on (where its stdout/stderr are written), if known.</param>
/// <param name="StdOut">The job's stdout path, if known.</param>
/// <param name="StdErr">The job's stderr path, if known.</param>
public sealed record SlurmJob(string JobId, string State, string NodeList, IReadOnlyList<string> Nodes, string? BatchHost, string? StdOut, string? StdErr)
{
    /// <summary>The stdout/stderr paths to read on the batch host (the first node when the batch host is unknown).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OutputPaths()
    {
        var host = BatchHost is { } b && Nodes.Contains(b, StringComparer.Ordinal) ? b : Nodes.FirstOrDefault();
        var paths = new[] { StdOut, StdErr }.Where(p => p is { Length: > 0 } && p.StartsWith('/')).Select(p => p!).Distinct(StringComparer.Ordinal).ToArray();
        return host is null || paths.Length == 0
            ? new Dictionary<string, IReadOnlyList<string>>()
            : new Dictionary<string, IReadOnlyList<string>> { [host] = paths };
    }
}
