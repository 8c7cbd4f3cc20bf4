using System.Globalization;
using Triage.Correlation.Inputs;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Finds a straggler in per-rank step times (metrics JSONL with <c>rank</c>, <c>step</c> and a
/// step-time field): at each step, each rank's time is compared with the median of its peers; a
/// rank that is at least <see cref="SlowRatio"/> times slower at <see cref="MinSlowSteps"/> or
/// more steps, and slower than every other rank that often, becomes a derived
/// <c>train.straggler</c> observation at the first of those steps. Bounded: at most
/// <see cref="MaxRows"/> rows are read. This is the engine's own reading until the metrics
/// collector stores <c>train.straggler</c> symptoms; the symptom points at the metrics line.
/// </summary>
internal static class StragglerDetector
{
    public const double SlowRatio = 1.25;
    public const int MinSlowSteps = 5;
    public const int MaxRows = 5_000_000;

    private static readonly string[] TimeFields = ["step_time_ms", "iter_time_ms", "step_time", "iteration_time_ms", "elapsed_time_per_iteration_ms"];

    public static IReadOnlyList<Symptom> Detect(string run, string runDirectory, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        // Peers are compared within one file: a file of rank 0's global metrics is not a peer group.
        var steps = new Dictionary<(string Path, long Step), List<(int Rank, double Ms, DateTimeOffset? Time, string Path, long Line)>>();
        var stats = new JsonLinesStats();
        var rows = 0;
        foreach (var row in MetricsReader.Read(files, stats, cancellationToken))
        {
            if (row.Rank is not { } rank || StepTime(row) is not { } ms || ms <= 0 || double.IsNaN(ms))
            {
                continue;
            }

            if (++rows > MaxRows)
            {
                break;
            }

            var key = (stats.CurrentPath ?? string.Empty, row.Step);
            (steps.TryGetValue(key, out var list) ? list : steps[key] = []).Add((rank, ms, row.Time, key.Item1, stats.CurrentLine));
        }

        var slow = new Dictionary<int, List<(long Step, double Ratio, DateTimeOffset? Time, string Path, long Line)>>();
        foreach (var ((_, step), entries) in steps.OrderBy(kv => kv.Key.Step).ThenBy(kv => kv.Key.Path, StringComparer.Ordinal))
        {
            if (entries.Count < 4)
            {
                continue;
            }

            var sorted = entries.Select(e => e.Ms).Order().ToArray();
            var median = sorted[sorted.Length / 2];
            foreach (var e in entries)
            {
                var ratio = e.Ms / median;
                if (ratio >= SlowRatio)
                {
                    (slow.TryGetValue(e.Rank, out var list) ? list : slow[e.Rank] = []).Add((step, ratio, e.Time, e.Path, e.Line));
                }
            }
        }

        var ranked = slow.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key).ToList();
        if (ranked.Count == 0 || ranked[0].Value.Count < MinSlowSteps || (ranked.Count > 1 && ranked[1].Value.Count * 2 > ranked[0].Value.Count))
        {
            return [];
        }

        var (straggler, marks) = (ranked[0].Key, ranked[0].Value);
        var first = marks[0];
        var typical = marks.Select(m => m.Ratio).Order().ElementAt(marks.Count / 2);
        var worst = marks.Max(m => m.Ratio);
        var path = Path.GetRelativePath(runDirectory, first.Path).Replace('\\', '/');
        return
        [
            new Symptom
            {
                Id = SymptomId.Create(run, "engine:" + path, first.Line, "engine.straggler"),
                Run = run,
                Timestamp = first.Time,
                Rank = straggler,
                Kind = "train.straggler",
                Category = SymptomCategory.Hardware,
                Severity = Severity.Error,
                Signature = "straggler",
                Message = string.Create(CultureInfo.InvariantCulture,
                    $"rank {straggler} was at least {SlowRatio:0.##}x slower than the median of its peers at {marks.Count} of {steps.Count} steps, from step {first.Step} (typically {typical:0.00}x, at worst {worst:0.00}x)"),
                Source = new SymptomSource(path, first.Line, 0),
                Rule = "engine.straggler",
                Attrs = new Dictionary<string, string>
                {
                    ["slow_steps"] = marks.Count.ToString(CultureInfo.InvariantCulture),
                    ["slowdown"] = typical.ToString("0.00", CultureInfo.InvariantCulture),
                    ["step"] = first.Step.ToString(CultureInfo.InvariantCulture),
                },
            },
        ];
    }

    private static double? StepTime(MetricsRow row)
    {
        foreach (var (key, value) in row.Values)
        {
            if (Array.IndexOf(TimeFields, key) >= 0)
            {
                return key == "step_time" ? value * 1000 : value;
            }
        }

        return null;
    }
}
