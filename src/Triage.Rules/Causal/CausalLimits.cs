namespace Triage.Rules.Causal;

/// <summary>
/// Bounds on causal rule files, which are as untrusted as extraction rule files. File size, file
/// count, rules per file and tests per rule share the limits of <see cref="RuleLimits"/>.
/// </summary>
public static class CausalLimits
{
    /// <summary>Most entries in one <c>kinds</c> or <c>categories</c> list.</summary>
    public const int MaxListItems = 64;

    /// <summary>Most entries in one <c>attrs</c> mapping of a match or a test symptom.</summary>
    public const int MaxAttrs = 32;

    /// <summary>Longest <c>before</c> or <c>after</c> of a window (7 days): longer is surely a typo.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    /// <summary>The <c>before</c> of a window that names none: the clock-skew tolerance between hosts.</summary>
    public static readonly TimeSpan DefaultBefore = TimeSpan.FromSeconds(30);
}
