namespace Triage.Simulator;

/// <summary>What a simulation wrote.</summary>
/// <param name="RunDirectory">The run directory.</param>
/// <param name="TruthPath">The ground-truth file beside it.</param>
/// <param name="Files">Files written in the run directory.</param>
/// <param name="Bytes">Bytes written in the run directory.</param>
/// <param name="Symptoms">Lines labelled as symptoms of a cause in the truth.</param>
/// <param name="Noise">Lines labelled as noise in the truth.</param>
public sealed record SimulationResult(string RunDirectory, string TruthPath, int Files, long Bytes, long Symptoms, long Noise);
