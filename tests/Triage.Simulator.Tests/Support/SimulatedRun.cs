using Triage.Collectors.Extraction;
using Triage.Rules;
using Triage.Simulator.Truth;
using Triage.Symptoms;
using Triage.Testing;

namespace Triage.Simulator.Tests.Support;

/// <summary>A generated run (cached per scenario and seed for the test session), its truth, and what the real extractor finds in it.</summary>
internal sealed class SimulatedRun
{
    private static readonly Lazy<RuleSet> BuiltInRules = new(() => RuleSet.LoadDirectory(TestRepository.Rules));
    private static readonly Dictionary<string, Task<SimulatedRun>> Cache = new(StringComparer.Ordinal);
    private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "triage-sim-tests", "library-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private SimulatedRun(string directory, GroundTruth truth, IReadOnlyList<Symptom> symptoms)
    {
        Directory = directory;
        Truth = truth;
        Symptoms = symptoms;
    }

    public const int Ranks = 32;

    public string Directory { get; }

    public GroundTruth Truth { get; }

    public IReadOnlyList<Symptom> Symptoms { get; }

    public static Task<SimulatedRun> GetAsync(string scenarios, int seed)
    {
        lock (Cache)
        {
            if (Cache.Count == 0)
            {
                RemoveStaleRuns();
            }

            var key = scenarios + "#" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!Cache.TryGetValue(key, out var task))
            {
                task = Task.Run(() => CreateAsync(scenarios, seed));
                Cache[key] = task;
            }

            return task;
        }
    }

    /// <summary>Runs are kept for the whole test session; earlier sessions' runs are removed when the next one starts.</summary>
    private static void RemoveStaleRuns()
    {
        var parent = System.IO.Path.GetDirectoryName(Root)!;
        if (!System.IO.Directory.Exists(parent))
        {
            return;
        }

        foreach (var dir in System.IO.Directory.EnumerateDirectories(parent, "library-*"))
        {
            if (int.TryParse(System.IO.Path.GetFileName(dir)["library-".Length..], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                try
                {
                    System.IO.Directory.Delete(dir, recursive: true);
                }
                catch (IOException)
                {
                    // another session may be cleaning up too
                }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public IEnumerable<string> Files() =>
        System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public string[] Lines(string relative) => File.ReadAllLines(System.IO.Path.Combine(Directory, relative));

    private static async Task<SimulatedRun> CreateAsync(string scenarios, int seed)
    {
        var dir = System.IO.Path.Combine(Root, scenarios.Replace(',', '+') + "-" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "run");
        var result = RunSimulator.Simulate(new SimulationOptions
        {
            Scenarios = scenarios.Split(','),
            OutputDirectory = dir,
            Ranks = Ranks,
            GpusPerHost = 8,
            Seed = seed,
            Hours = 3,
            Force = true,
        });
        var truth = TruthReader.Read(result.TruthPath);
        var symptoms = new List<Symptom>();
        foreach (var file in System.IO.Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = System.IO.Path.GetRelativePath(dir, file).Replace('\\', '/');
            await FileExtraction.ExtractAsync(file, relative, BuiltInRules.Value, (batch, _) =>
            {
                symptoms.AddRange(batch);
                return Task.CompletedTask;
            });
        }

        return new SimulatedRun(dir, truth, symptoms);
    }
}
