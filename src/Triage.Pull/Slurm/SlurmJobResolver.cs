namespace Triage.Pull.Slurm;

/// <summary>
/// Finds a Slurm job's nodes and output paths with the Slurm client commands, run through an
/// <see cref="ICommandRunner"/> (here, or on a login node over SSH): <c>scontrol show job ID</c> for the
/// node list, batch host and StdOut/StdErr; when the controller no longer knows the job (it finished
/// more than MinJobAge ago), <c>sacct -j ID -X -n -P -o NodeList,State</c>; then
/// <c>scontrol show hostnames LIST</c> expands the list. A job array or heterogeneous job has one record (one
/// sacct row) per task or component: the nodes of all of them are pulled, each one's output on its batch host.
/// </summary>
public static class SlurmJobResolver
{
    /// <summary>Resolves job <paramref name="jobId"/>.</summary>
    /// <exception cref="TriageException">Not a job id, unknown job, no nodes, or the commands cannot run.</exception>
    public static async Task<SlurmJob> ResolveAsync(string jobId, ICommandRunner runner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(runner);
        if (jobId.Length is 0 or > 32 || !jobId.All(c => char.IsAsciiDigit(c) || c is '_' or '+' or '.'))
        {
            throw new TriageException($"--slurm-job: '{Triage.Text.TerminalText.Sanitize(jobId, 40)}' is not a job id (12345, 12345_7)", ExitCodes.Usage);
        }

        var nodeLists = new List<string>();
        var states = new List<string>();
        var outputs = new List<SlurmJobOutput>();
        string? scontrolError = null;
        try
        {
            // An array job or a heterogeneous job prints one record per task or component, each with its own nodes and output.
            foreach (var record in ScontrolParser.ParseJobs(await CollectAsync(runner.RunAsync("scontrol", ["show", "job", jobId], cancellationToken), cancellationToken).ConfigureAwait(false)))
            {
                Add(nodeLists, ScontrolParser.Value(record, "NodeList"));
                Add(states, ScontrolParser.Value(record, "JobState"));
                outputs.Add(SlurmJobOutput.FromRecord(record));
            }
        }
        catch (IOException ex)
        {
            scontrolError = ex.Message;
        }

        if (nodeLists.Count == 0)
        {
            try
            {
                var rows = await CollectAsync(runner.RunAsync("sacct", ["-j", jobId, "-X", "-n", "-P", "-o", "NodeList,State"], cancellationToken), cancellationToken).ConfigureAwait(false);
                foreach (var row in rows.Select(r => r.Trim().Split('|')).Where(r => r.Length >= 2))
                {
                    Add(nodeLists, row[0] is "None assigned" ? null : row[0]);
                    Add(states, row[1]);
                }
            }
            catch (IOException ex)
            {
                throw new TriageException($"--slurm-job {jobId}: neither scontrol ({scontrolError ?? "no node list"}) nor sacct ({ex.Message}) names its nodes", ExitCodes.Failure, ex);
            }
        }

        var state = states.Count > 0 ? string.Join(',', states) : "?";
        if (nodeLists.Count == 0)
        {
            throw new TriageException($"--slurm-job {jobId}: no nodes allocated (state {state}){(scontrolError is null ? string.Empty : "; scontrol: " + scontrolError)}", ExitCodes.Failure);
        }

        var nodeList = string.Join(',', nodeLists);
        IReadOnlyList<string> nodes;
        try
        {
            nodes = ScontrolParser.ParseNames(await CollectAsync(runner.RunAsync("scontrol", ["show", "hostnames", nodeList], cancellationToken), cancellationToken).ConfigureAwait(false));
        }
        catch (IOException ex)
        {
            throw new TriageException($"--slurm-job {jobId}: cannot expand node list '{Triage.Text.TerminalText.Sanitize(nodeList, 80)}': {ex.Message}", ExitCodes.Failure, ex);
        }

        return nodes.Count == 0
            ? throw new TriageException($"--slurm-job {jobId}: node list '{Triage.Text.TerminalText.Sanitize(nodeList, 80)}' expands to no nodes", ExitCodes.Failure)
            : new SlurmJob(jobId, state, nodeList, nodes, outputs);
    }

    private static void Add(List<string> list, string? value)
    {
        if (value is { Length: > 0 } && !list.Contains(value, StringComparer.Ordinal))
        {
            list.Add(value);
        }
    }

    private static async Task<List<string>> CollectAsync(IAsyncEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var list = new List<string>();
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(line);
        }

        return list;
    }
}
