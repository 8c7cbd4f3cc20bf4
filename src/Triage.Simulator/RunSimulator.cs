using System.Globalization;
using Triage.Simulator.Output;
using Triage.Simulator.Scenarios;
using Triage.Simulator.Truth;

namespace Triage.Simulator;

/// <summary>
/// Generates a realistic run directory for one or more injected faults, and its ground truth
/// beside it (<c>DIR.truth.json</c>, never inside). Deterministic: the same options give
/// byte-identical files (own PRNG, fixed dates derived from the seed, no clock reads). Streaming:
/// files are written one after another and the truth is written as lines are labelled, so memory
/// stays flat with the number of ranks. Not thread-safe per output directory.
/// </summary>
public static class RunSimulator
{
    /// <summary>The scenarios of the fault library, in the order <c>triage simulate --help</c> lists them.</summary>
    public static IReadOnlyList<string> ScenarioNames => ScenarioCatalog.Names;

    /// <summary>The style packs (<c>--style</c>), <c>default</c> first, each with what it fixes and the public logs it was taken from.</summary>
    public static IReadOnlyList<StyleInfo> Styles { get; } = [.. Simulator.Styles.StylePacks.All.Select(p => new StyleInfo(p.Name, p.Summary, p.Sources))];

    /// <summary>The truth file for a run directory: the directory path (trailing separators trimmed) plus <c>.truth.json</c>.</summary>
    public static string TruthPathFor(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory)) + ".truth.json";
    }

    /// <summary>Writes the run directory and its truth.</summary>
    /// <exception cref="TriageException">
    /// Bad options (unknown scenario, ranks not a multiple of GPUs per host, ...) or a non-empty
    /// directory without <see cref="SimulationOptions.Force"/>: <see cref="ExitCodes.Usage"/>.
    /// The directory cannot be written: <see cref="ExitCodes.Failure"/>.
    /// </exception>
    public static SimulationResult Simulate(SimulationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.OutputDirectory));
        var name = Path.GetFileName(dir);
        var truthPath = dir + ".truth.json";
        Prepare(dir, options.Force);
        var plan = PlanBuilder.Build(options, name);
        try
        {
            var causes = plan.Causes.Select(c => new TruthCause(c.Id, c.Scenario, c.Category, c.Summary, Simulator.Styles.StyleTruth.Match(plan, c.Match), c.FirstSeen)).ToList();
            using var truth = new TruthWriter(truthPath, name, options.Scenarios, options.Seed, options.Ranks, options.GpusPerHost, causes);
            var writer = new RunWriter(plan, dir, truth, cancellationToken);
            writer.Write();
            truth.Complete();
            return new SimulationResult(dir, truthPath, writer.Files, writer.Bytes, truth.Symptoms, truth.NoiseCount);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TriageException($"cannot write '{dir}': {ex.Message}", ExitCodes.Failure, ex);
        }
    }

    private static void Validate(SimulationOptions o)
    {
        if (o.Scenarios.Count == 0)
        {
            throw Usage("no scenario given; expected one or more of " + string.Join(", ", ScenarioNames));
        }

        foreach (var s in o.Scenarios)
        {
            if (!ScenarioCatalog.Names.Contains(s, StringComparer.Ordinal))
            {
                throw Usage($"unknown scenario '{s}'; expected one of {string.Join(", ", ScenarioNames)}");
            }
        }

        if (Simulator.Styles.StylePacks.Find(o.Style) is null)
        {
            throw Usage($"unknown style '{o.Style}'; expected one of {string.Join(", ", Simulator.Styles.StylePacks.Names)}");
        }

        if (o.Scenarios.Distinct(StringComparer.Ordinal).Count() != o.Scenarios.Count)
        {
            throw Usage("a scenario is listed twice");
        }

        if (o.GpusPerHost is < 1 or > 16)
        {
            throw Usage(string.Create(CultureInfo.InvariantCulture, $"--gpus-per-host must be between 1 and 16 (got {o.GpusPerHost})"));
        }

        if (o.Ranks < 2 * o.GpusPerHost || o.Ranks > 1_000_000 || o.Ranks % o.GpusPerHost != 0)
        {
            throw Usage(string.Create(CultureInfo.InvariantCulture,
                $"--ranks must be a multiple of --gpus-per-host ({o.GpusPerHost}), at least two hosts' worth ({2 * o.GpusPerHost}) and at most 1000000 (got {o.Ranks})"));
        }

        if (!(o.Hours > 0 && o.Hours <= 168))
        {
            throw Usage(string.Create(CultureInfo.InvariantCulture, $"--hours must be more than 0 and at most 168 (got {o.Hours})"));
        }

        if (string.IsNullOrWhiteSpace(o.OutputDirectory))
        {
            throw Usage("--out is required");
        }
    }

    private static void Prepare(string dir, bool force)
    {
        if (File.Exists(dir))
        {
            throw Usage($"'{dir}' is a file, not a directory");
        }

        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            if (!force)
            {
                throw Usage($"'{dir}' is not empty; pass --force to replace it");
            }

            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
    }

    private static TriageException Usage(string message) => new(message, ExitCodes.Usage);
}

/// <summary>A style pack as <c>triage simulate --style list</c> shows it.</summary>
/// <param name="Name">The name <c>--style</c> takes.</param>
/// <param name="Summary">What the pack fixes: launcher, layout, metadata, vintage, skew, host names.</param>
/// <param name="Sources">Public logs its line formats were taken from.</param>
public sealed record StyleInfo(string Name, string Summary, IReadOnlyList<string> Sources);
