namespace Triage.Rules.Matching;

/// <summary>One compiled <c>block.collect</c> entry.</summary>
/// <param name="Regex">Tried on every block line after the start line.</param>
/// <param name="Into">The attribute the joined values go to.</param>
/// <param name="Value">Template over the regex groups; null = the whole match.</param>
/// <param name="Keep">Which values are kept.</param>
/// <param name="Count">N of <c>first N</c> / <c>last N</c>; the cap for <c>all</c>.</param>
internal sealed record CollectSpec(SafeRegex Regex, string Into, AttrTemplate? Value, CollectKeep Keep, int Count);
