using System.Runtime.CompilerServices;
using Triage.Pull.Slurm;

namespace Triage.Pull.Tests.Support;

/// <summary>
/// Replays recorded command outputs by exact command line (program and arguments joined by spaces), and records
/// the calls; a command with no recording fails as scontrol does for a job it does not know.
/// </summary>
internal sealed class ReplayCommandRunner(Dictionary<string, string[]> outputs) : ICommandRunner
{
    public List<string> Calls { get; } = [];

    public async IAsyncEnumerable<string> RunAsync(string program, IReadOnlyList<string> arguments, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = program + " " + string.Join(' ', arguments);
        Calls.Add(call);
        await Task.Yield();
        if (!outputs.TryGetValue(call, out var lines))
        {
            throw new IOException($"'{program}' exited with 1: slurm_load_jobs error: Invalid job id specified");
        }

        foreach (var line in lines)
        {
            yield return line;
        }
    }
}
