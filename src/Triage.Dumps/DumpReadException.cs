namespace Triage.Dumps;

/// <summary>
/// A dump could not be read: truncated, corrupt, or of an unsupported kind. The CLI prints the
/// message on one line; the collector records it as a damaged source. Anything else escaping
/// <see cref="DumpReader"/> is a bug.
/// </summary>
public sealed class DumpReadException : TriageException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public DumpReadException(string path, string reason, Exception? innerException = null)
        : base($"dump '{path}': {reason}", ExitCodes.Failure, innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The dump file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
