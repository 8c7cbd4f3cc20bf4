namespace Triage.Reports.Model;

/// <summary>A vote or note against the favourite of its time.</summary>
/// <param name="At">When.</param>
/// <param name="Who">The engineer.</param>
/// <param name="HypothesisId">The hypothesis the vote or note was on.</param>
/// <param name="Text">What it was, in a sentence.</param>
public sealed record Dissent(DateTimeOffset At, string Who, string HypothesisId, string Text);
