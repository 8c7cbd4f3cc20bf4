namespace Triage.Pull.Slurm;

/// <summary>A Slurm job as <c>scontrol show job</c> (or <c>sacct</c>) describes it.</summary>
/// <param name="JobId">Job id.</param>
/// <param name="State">JobState (RUNNING, FAILED, NODE_FAIL, ...); the distinct states of an array's tasks joined by ','.</param>
/// <param name="NodeList">The compressed node list (<c>node[01-04]</c>); an array's or heterogeneous job's lists joined by ','.</param>
/// <param name="Nodes">The node names, expanded.</param>
/// <param name="Outputs">Where each record (the job, or each task of an array, each component of a heterogeneous job) wrote its stdout/stderr.</param>
public sealed record SlurmJob(string JobId, string State, string NodeList, IReadOnlyList<string> Nodes, IReadOnlyList<SlurmJobOutput> Outputs)
{
    /// <summary>The node the (first record's) batch script ran on, if known.</summary>
    public string? BatchHost => Outputs.Count > 0 ? Outputs[0].BatchHost : null;

    /// <summary>The stdout/stderr paths to read, by node: each record's on its batch host (the first node when the batch host is unknown).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OutputPaths()
    {
        var byHost = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var output in Outputs)
        {
            var host = output.BatchHost is { } b && Nodes.Contains(b, StringComparer.Ordinal) ? b : Nodes.FirstOrDefault();
            if (host is null)
            {
                continue;
            }

            foreach (var path in output.Paths())
            {
                var list = byHost.TryGetValue(host, out var l) ? l : byHost[host] = [];
                if (!list.Contains(path, StringComparer.Ordinal))
                {
                    list.Add(path);
                }
            }
        }

        return byHost.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }
}
