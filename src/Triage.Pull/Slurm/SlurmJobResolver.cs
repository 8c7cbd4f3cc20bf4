namespace Triage.Pull.Slurm;

/// <summary>
/// Finds a Slurm job's nodes and output paths with the Slurm client commands, run through an
/// <see cref="ICommandRunner"/> (here, or on a login node over SSH): <c>scontrol show job ID</c> for the
/// node list, batch host and StdOut/StdErr; when the controller no longer knows the job (it finished
/// more than MinJobAge ago), <c>sacct -j ID -X -n -P -o NodeList,State</c>; then
/// <c>scontrol show hostnames LIST</c> expands the list.
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

        string? nodeList = null;
        string state = "?";
        string? batchHost = null;
        string? stdout = null;
        string? stderr = null;
        string? scontrolError = null;
        try
        {
            var fields = ScontrolParser.ParseJob(await CollectAsync(runner.RunAsync("scontrol", ["show", "job", jobId], cancellationToken), cancellationToken).ConfigureAwait(false));
            nodeList = ScontrolParser.Value(fields, "NodeList");
            state = ScontrolParser.Value(fields, "JobState") ?? state;
            batchHost = ScontrolParser.Value(fields, "BatchHost");
            stdout = ScontrolParser.Value(fields, "StdOut");
            stderr = ScontrolParser.Value(fields, "StdErr");
        }
        catch (IOException ex)
        {
            scontrolError = ex.Message;
        }

        if (nodeList is null)
        {
            try
            {
                var rows = await CollectAsync(runner.RunAsync("sacct", ["-j", jobId, "-X", "-n", "-P", "-o", "NodeList,State"], cancellationToken), cancellationToken).ConfigureAwait(false);
                var first = rows.Select(r => r.Trim().Split('|')).FirstOrDefault(r => r.Length >= 2 && r[0].Length > 0 && r[0] != "None assigned");
                nodeList = first?[0];
                state = first?[1] ?? state;
            }
            catch (IOException ex)
            {
                throw new TriageException($"--slurm-job {jobId}: neither scontrol ({scontrolError ?? "no node list"}) nor sacct ({ex.Message}) names its nodes", ExitCodes.Failure, ex);
            }
        }

        if (nodeList is null)
        {
            throw new TriageException($"--slurm-job {jobId}: no nodes allocated (state {state}){(scontrolError is null ? string.Empty : "; scontrol: " + scontrolError)}", ExitCodes.Failure);
        }

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
            : new SlurmJob(jobId, state, nodeList, nodes, batchHost, stdout, stderr);
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
