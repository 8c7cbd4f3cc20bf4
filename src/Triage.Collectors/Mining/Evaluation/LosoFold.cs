namespace Triage.Collectors.Mining.Evaluation;

/// <summary>One fold of <see cref="LeaveOneSystemOut"/>: the system held out, the setting chosen without it, and its score with that setting.</summary>
/// <param name="HeldOut">The system scored (not used to choose).</param>
/// <param name="Chosen">The setting chosen on the other systems.</param>
/// <param name="Score">The held-out system's score with <paramref name="Chosen"/>.</param>
public sealed record LosoFold(string HeldOut, TemplateMinerOptions Chosen, SystemScore Score);
