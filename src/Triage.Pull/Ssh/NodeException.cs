namespace Triage.Pull.Ssh;

/// <summary>
/// A node cannot be pulled (unreachable, refused host key, authentication failed, timed out). Recorded
/// as a collector failure of that node; the other nodes go on. The message names no secret.
/// </summary>
public sealed class NodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeException(string message)
        : base(message)
    {
    }
}
