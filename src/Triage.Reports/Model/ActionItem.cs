namespace Triage.Reports.Model;

/// <summary>A next check not done yet: the one that would best confirm or refute an open hypothesis.</summary>
/// <param name="HypothesisId">The hypothesis.</param>
/// <param name="Rank">Its evidence rank (0 when unranked).</param>
/// <param name="Title">Its title.</param>
/// <param name="Check">The check.</param>
public sealed record ActionItem(string HypothesisId, int Rank, string Title, string Check);
