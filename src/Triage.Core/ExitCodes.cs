namespace Triage;

/// <summary>The documented process exit codes of the <c>triage</c> executable.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An expected failure with a message (bad input, missing file, ...).</summary>
    public const int Failure = 1;

    /// <summary>The command line could not be parsed.</summary>
    public const int Usage = 2;

    /// <summary>A rule file failed to load or a rule's own test lines failed.</summary>
    public const int RuleError = 3;

    /// <summary>The store could not be opened, read or written.</summary>
    public const int StoreError = 4;

    /// <summary>The work finished but some inputs were recorded as collector failures.</summary>
    public const int PartialFailure = 5;

    /// <summary>Cancelled by the user (Ctrl+C); 128 + SIGINT as shells expect.</summary>
    public const int Cancelled = 130;

    /// <summary>A bug: an unexpected exception. The message asks for a report.</summary>
    public const int InternalError = 70;
}
