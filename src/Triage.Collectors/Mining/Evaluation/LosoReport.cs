namespace Triage.Collectors.Mining.Evaluation;

/// <summary>The result of <see cref="LeaveOneSystemOut.Run"/>.</summary>
/// <param name="Folds">One fold per system, ordinal by system name.</param>
/// <param name="ChosenOnAll">The setting the same criterion picks on all systems together (what would ship).</param>
public sealed record LosoReport(IReadOnlyList<LosoFold> Folds, TemplateMinerOptions ChosenOnAll);
