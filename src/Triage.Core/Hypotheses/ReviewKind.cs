namespace Triage.Hypotheses;

/// <summary>What an engineer recorded about a hypothesis.</summary>
public enum ReviewKind
{
    /// <summary>A free-text note.</summary>
    Note,

    /// <summary>A decision: this is the cause (with the reason).</summary>
    Confirm,

    /// <summary>A decision: this is not the cause (with the reason).</summary>
    Reject,
}
