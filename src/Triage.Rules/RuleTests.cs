namespace Triage.Rules;

/// <summary>The test lines a rule carries (<c>tests:</c>). Immutable.</summary>
/// <param name="Match">Texts that must yield exactly one match of the rule (at least one).</param>
/// <param name="NoMatch">Texts that must yield no match of the rule.</param>
public sealed record RuleTests(IReadOnlyList<RuleTestCase> Match, IReadOnlyList<RuleTestCase> NoMatch);
