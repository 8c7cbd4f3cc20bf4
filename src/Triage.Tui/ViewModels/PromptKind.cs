namespace Triage.Tui.ViewModels;

/// <summary>What the one-line prompt at the bottom asks for.</summary>
internal enum PromptKind
{
    /// <summary>No prompt open.</summary>
    None,

    /// <summary>The filter (<c>/</c>).</summary>
    Filter,

    /// <summary>The reason to confirm (<c>c</c>).</summary>
    Confirm,

    /// <summary>The reason to reject (<c>x</c>).</summary>
    Reject,

    /// <summary>A note (<c>n</c>).</summary>
    Note,
}
