namespace Triage.Correlation.Inputs;

/// <summary>
/// The run metadata found in a run directory (DESIGN §2): topology, run facts, step-manifest and
/// metrics files, each recognised by content wherever it lies, plus the files that looked like
/// metadata but could not be used. Immutable.
/// </summary>
/// <param name="Topology">Hosts → components and GPUs, merged from every topology file; null when there is none.</param>
/// <param name="Facts">The run facts (the file named run.yaml first, then others in path order); null when there are none.</param>
/// <param name="ManifestFiles">Step-manifest JSONL files, in ordinal path order (read them with <see cref="ManifestReader"/>).</param>
/// <param name="MetricsFiles">Metrics JSONL files, in ordinal path order (the collector analyses them: <c>train.*</c> symptoms).</param>
/// <param name="Problems">Files that looked like metadata but could not be used, and why.</param>
internal sealed record RunInputs(
    Topology? Topology,
    RunFacts? Facts,
    IReadOnlyList<string> ManifestFiles,
    IReadOnlyList<string> MetricsFiles,
    IReadOnlyList<InputProblem> Problems)
{
    /// <summary>No metadata at all.</summary>
    public static RunInputs None { get; } = new(null, null, [], [], []);

    /// <summary>
    /// Searches <paramref name="runDirectory"/> (all depths, hidden entries and symbolic links
    /// skipped) with the default limits. A bad file is a recorded problem, never an exception; throws
    /// only <see cref="OperationCanceledException"/> and <see cref="ArgumentNullException"/>.
    /// </summary>
    public static RunInputs Discover(string runDirectory, CancellationToken ct = default) =>
        RunInputsDiscovery.Discover(runDirectory, InputLimits.Default, ct);

    /// <summary>As <see cref="Discover(string, CancellationToken)"/>, within <paramref name="limits"/>.</summary>
    public static RunInputs Discover(string runDirectory, InputLimits limits, CancellationToken ct = default) =>
        RunInputsDiscovery.Discover(runDirectory, limits, ct);
}
