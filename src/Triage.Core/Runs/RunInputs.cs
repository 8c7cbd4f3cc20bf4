namespace Triage.Runs;

/// <summary>
/// What a run directory says about the run besides its logs (docs/architecture.md, "Run metadata"):
/// the topology, the run facts, the step manifest, and the files that looked like metadata but could
/// not be used. Read by the collector (<c>Triage.Collectors.RunMetadata</c>) from the same directory
/// walk as the logs; the engine only consumes it. Immutable.
/// </summary>
/// <param name="Topology">Hosts → components and GPUs, merged from every topology file; null when there is none.</param>
/// <param name="Facts">The run facts; null when there are none.</param>
/// <param name="Manifest">The step manifest (what each rank was doing at each step); null when there is none.</param>
/// <param name="Problems">Files that looked like metadata but could not be used, and why (each named once).</param>
public sealed record RunInputs(
    Topology? Topology,
    RunFacts? Facts,
    IStepManifest? Manifest,
    IReadOnlyList<RunInputProblem> Problems)
{
    /// <summary>No metadata at all (a run pulled from a store, or a directory of logs only).</summary>
    public static RunInputs None { get; } = new(null, null, null, []);
}
