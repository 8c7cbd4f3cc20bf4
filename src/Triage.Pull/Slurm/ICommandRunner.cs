namespace Triage.Pull.Slurm;

/// <summary>Runs a fixed program with arguments (never through a shell string built from them) and yields its stdout lines.</summary>
public interface ICommandRunner
{
    /// <summary>Runs <paramref name="program"/>.</summary>
    /// <exception cref="IOException">It could not run or exited non-zero (the message has its first stderr line).</exception>
    IAsyncEnumerable<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default);
}
