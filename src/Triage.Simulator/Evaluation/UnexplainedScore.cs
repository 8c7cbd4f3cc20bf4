namespace Triage.Simulator.Evaluation;

/// <summary>Extracted symptoms no hypothesis explains, split by what the truth says they are.</summary>
/// <param name="Symptoms">All unexplained symptoms.</param>
/// <param name="OfCauses">Of them, symptoms of a true cause (missed attribution).</param>
/// <param name="Noise">Of them, labelled noise (rightly left unexplained).</param>
/// <param name="Unlabelled">Of them, symptoms the truth does not list at all.</param>
public sealed record UnexplainedScore(long Symptoms, long OfCauses, long Noise, long Unlabelled);
