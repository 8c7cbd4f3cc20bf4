namespace Triage.Storage;

/// <summary>The store could not be opened, read or written. Exit code <see cref="ExitCodes.StoreError"/>.</summary>
public sealed class StoreException : TriageException
{
    /// <summary>Creates the exception.</summary>
    public StoreException(string message, Exception? innerException = null)
        : base(message, ExitCodes.StoreError, innerException)
    {
    }
}
