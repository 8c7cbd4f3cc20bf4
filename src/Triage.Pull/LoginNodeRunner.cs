using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Triage.Pull.Hosts;
using Triage.Pull.Slurm;
using Triage.Pull.Ssh;

namespace Triage.Pull;

/// <summary>Runs a fixed command on a login node over SSH (one connection per command; Slurm needs two or three).</summary>
internal sealed class LoginNodeRunner(PullRunner runner, NodeSpec login, PullOptions options) : ICommandRunner
{
    public async IAsyncEnumerable<string> RunAsync(string program, IReadOnlyList<string> arguments, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SshNode node;
        try
        {
            node = await runner.ConnectAsync(login, options, new ConcurrentQueue<string>(), cancellationToken).ConfigureAwait(false);
        }
        catch (NodeException ex)
        {
            throw new TriageException($"--login-host: {ex.Message}", ExitCodes.Failure, ex);
        }

        await using (node.ConfigureAwait(false))
        {
            await foreach (var line in node.RunLinesAsync(program, arguments, cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
    }
}
