namespace Triage.Hypotheses;

/// <summary>What a hypothesis explains: counts over the symptoms attributed to it (root and collateral).</summary>
/// <param name="Symptoms">Symptoms attributed to the hypothesis.</param>
/// <param name="Fraction">Share of the run's symptoms.</param>
/// <param name="Kinds">Distinct kinds, most frequent first.</param>
/// <param name="Hosts">Distinct hosts.</param>
/// <param name="Ranks">Distinct ranks.</param>
/// <param name="RootSymptoms">Of <paramref name="Symptoms"/>, how many are direct manifestations (not collateral).</param>
public sealed record HypothesisExplains(long Symptoms, double Fraction, IReadOnlyList<string> Kinds, int Hosts, int Ranks, long RootSymptoms);
