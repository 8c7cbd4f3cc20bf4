using Triage.Runs;

namespace Triage.Collectors.Collection;

/// <summary>What one collection (or, when following, all of its polls) did.</summary>
/// <param name="Run">Run name.</param>
/// <param name="Files">Files seen.</param>
/// <param name="BytesRead">Bytes read (decompressed).</param>
/// <param name="LinesRead">Lines read.</param>
/// <param name="SymptomsFound">Symptoms extracted, including ones already stored.</param>
/// <param name="SymptomsNew">Symptoms the store did not have.</param>
/// <param name="Failures">Sources that failed or were damaged (recorded collector failures).</param>
/// <param name="Skipped">Sources deliberately not read (binary files, dumps).</param>
public sealed record CollectResult(string Run, int Files, long BytesRead, long LinesRead, long SymptomsFound, long SymptomsNew, int Failures, int Skipped)
{
    /// <summary>The run's metadata (topology, run facts, step manifest) found by the same walk, for the engine.</summary>
    public RunInputs Inputs { get; init; } = RunInputs.None;
}
