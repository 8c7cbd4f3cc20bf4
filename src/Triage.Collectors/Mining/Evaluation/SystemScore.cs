namespace Triage.Collectors.Mining.Evaluation;

/// <summary>The scores of one Loghub system folder.</summary>
/// <param name="System">Folder name (e.g. <c>HPC</c>).</param>
/// <param name="Messages">Messages mined.</param>
/// <param name="Scores">Accuracy against the corrected ground truth.</param>
/// <param name="Seconds">Wall time spent mining (not reading or scoring).</param>
public sealed record SystemScore(string System, int Messages, ParsingScores Scores, double Seconds);
