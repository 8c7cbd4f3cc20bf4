namespace Triage;

/// <summary>
/// An expected, user-facing failure: bad input, a missing file, an unreachable store.
/// The CLI and TUI print <see cref="Exception.Message"/> on one line, without a stack trace,
/// and exit with <see cref="ExitCode"/>. Any other exception escaping a subsystem is a bug.
/// </summary>
public class TriageException : Exception
{
    /// <summary>Creates the exception with a message and an exit code (default <see cref="ExitCodes.Failure"/>).</summary>
    public TriageException(string message, int exitCode = ExitCodes.Failure, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code the CLI uses for this failure; see <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; }
}
