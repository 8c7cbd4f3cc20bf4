namespace Triage.Rules.Matching;

/// <summary>The compiled <c>block:</c> section of a rule.</summary>
/// <param name="Continue">A line matching it stays in the block; null = every line continues.</param>
/// <param name="End">A line matching it closes the block (and is included); null = no end line.</param>
/// <param name="EndIsContinuation">When true, <paramref name="End"/> is tried only on lines that fail <paramref name="Continue"/>.</param>
/// <param name="MaxLines">Lines after which the block is emitted, start line included.</param>
/// <param name="Collect">Values collected from the lines after the start line.</param>
internal sealed record BlockSpec(
    SafeRegex? Continue, SafeRegex? End, bool EndIsContinuation, int MaxLines, IReadOnlyList<CollectSpec> Collect);
