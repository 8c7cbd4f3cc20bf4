namespace Triage.Rules.Matching;

/// <summary>Which collected values a <c>block.collect</c> entry keeps.</summary>
internal enum CollectKeep
{
    /// <summary>The first N, joined " &gt; " in file order.</summary>
    First,

    /// <summary>The last N, innermost (last seen) first, joined " &lt; ".</summary>
    Last,

    /// <summary>All, up to <see cref="RuleLimits.MaxCollectedValues"/>, joined " &gt; " in file order.</summary>
    All,
}
