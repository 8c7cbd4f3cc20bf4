namespace Triage.Simulator;

/// <summary>
/// What <see cref="RunSimulator"/> generates. Same options give byte-identical files.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Scenarios to combine (see <see cref="RunSimulator.ScenarioNames"/>); at least one.</summary>
    public required IReadOnlyList<string> Scenarios { get; init; }

    /// <summary>The run directory to write; its name is the run name. The truth goes to <c>DIR.truth.json</c> beside it.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>World size (default 64); a multiple of <see cref="GpusPerHost"/>, at most 1,000,000.</summary>
    public int Ranks { get; init; } = 64;

    /// <summary>GPUs (ranks) per host (default 8), 1 to 16.</summary>
    public int GpusPerHost { get; init; } = 8;

    /// <summary>Random seed (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Simulated wall-clock length of the job in hours (default 4), more than 0 and at most 168.</summary>
    public double Hours { get; init; } = 4;

    /// <summary>The style pack (launcher, file layout, metadata shape, line vintage, clock skew, host names); default <c>default</c>.</summary>
    public string Style { get; init; } = "default";

    /// <summary>Replace a non-empty <see cref="OutputDirectory"/> (default false: refuse).</summary>
    public bool Force { get; init; }
}
