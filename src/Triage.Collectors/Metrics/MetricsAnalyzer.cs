using System.Globalization;
using Triage.Symptoms;

namespace Triage.Collectors.Metrics;

/// <summary>
/// The detectors over a stream of metrics rows in step order: loss and grad-norm spikes
/// (<see cref="SpikeDetector"/> per attempt, rank and metric), NaN / Inf values (one finding per
/// run of them), loss-scale drops and skipped steps, stragglers (<see cref="StragglerTracker"/>),
/// and the progress kept for hang detection. Memory: a few numbers per series, bounded by
/// <see cref="MetricsOptions.MaxSeries"/>. Not thread-safe.
/// </summary>
internal sealed class MetricsAnalyzer(MetricsOptions options)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly Dictionary<long, SeriesState> _series = [];
    private readonly StragglerTracker _stragglers = new(options);
    private readonly List<MetricsFinding> _findings = [];
    private readonly Dictionary<string, int> _perKind = new(StringComparer.Ordinal);
    private readonly bool[] _fileCovers = new bool[Detected.Length];

    private static readonly string[] Detected = [MetricNames.Loss, MetricNames.GradNorm, MetricNames.LossScale, MetricNames.Skipped, MetricNames.StepTimeMs];

    /// <summary>Rows analysed.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows of series beyond <see cref="MetricsOptions.MaxSeries"/> (not analysed).</summary>
    public long Untracked { get; private set; }

    /// <summary>Findings beyond <see cref="MetricsOptions.MaxSymptomsPerKind"/> (dropped).</summary>
    public long Suppressed { get; private set; }

    /// <summary>Per attempt: the last step seen, its time, and the recent seconds per step.</summary>
    public SortedDictionary<int, AttemptProgress> Progress { get; } = [];

    /// <summary>Analyses one row (<paramref name="file"/> is the row's file index, kept in findings).</summary>
    public void Add(MetricRow row, int file)
    {
        Rows++;
        var at = new MetricAt(row.Step, row.Time, file, row.Line, row.Offset);
        Track(row, file);
        var log = row.LogFormat != IterationLineFormat.None;
        foreach (var (name, value) in row.Values)
        {
            switch (name)
            {
                case MetricNames.Loss when !Covered(log, 0):
                    Curve(row, 0, name, value, at);
                    break;
                case MetricNames.GradNorm when !Covered(log, 1):
                    Curve(row, 1, name, value, at);
                    break;
                case MetricNames.LossScale when !Covered(log, 2):
                    Scale(row, value, at);
                    break;
                case MetricNames.Skipped when !Covered(log, 3):
                    Skipped(row, value, at);
                    break;
                case MetricNames.StepTimeMs when row.Rank >= 0 && double.IsFinite(value) && value > 0 && !Covered(log, 4):
                    _stragglers.Add(row.Attempt, row.Rank, value, at);
                    break;
            }
        }
    }

    /// <summary>Notes the series a metrics file's row carries before the merge reaches it (its first row), so that log lines never feed them.</summary>
    public void Cover(MetricRow row)
    {
        if (row.LogFormat != IterationLineFormat.None)
        {
            return;
        }

        foreach (var (name, _) in row.Values)
        {
            _ = Covered(false, Array.IndexOf(Detected, name));
        }
    }

    /// <summary>
    /// Metrics files win: a detected series (loss, grad norm, loss scale, skipped, step time) that any
    /// metrics file carries is not fed from log lines as well, whatever the rank, because Megatron and
    /// DeepSpeed print the run's global values (the loss averaged over data-parallel ranks, the global
    /// grad norm) that a metrics file logs too. A metrics row marks its series covered.
    /// </summary>
    private bool Covered(bool log, int metric)
    {
        if (metric < 0)
        {
            return false;
        }

        if (log)
        {
            return _fileCovers[metric];
        }

        _fileCovers[metric] = true;
        return false;
    }

    /// <summary>Ends the input; returns every finding (spikes still open and stragglers included).</summary>
    public IReadOnlyList<MetricsFinding> Finish()
    {
        foreach (var (key, state) in _series)
        {
            if (state.Spikes?.Flush() is { } open)
            {
                Spike(state, open);
            }
        }

        foreach (var s in _stragglers.Finish())
        {
            var attrs = new Dictionary<string, string>
            {
                ["slowdown"] = s.Slowdown.ToString("0.00", Inv),
                ["worst"] = s.Worst.ToString("0.00", Inv),
                ["individual"] = s.Individual.ToString("0.00", Inv),
                ["slow_steps"] = s.SlowSteps.ToString(Inv),
                ["step"] = s.Start.Step.ToString(Inv),
                ["last_slow_step"] = s.LastSlow.Step.ToString(Inv),
            };
            if (s.LastSlow.Time is { } until)
            {
                attrs["last_slow_time"] = until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv);
            }

            Add(new MetricsFinding("train.straggler", "metrics.straggler", s.Start, s.Rank, s.Attempt, "straggler",
                string.Create(Inv, $"rank {s.Rank} ran {s.Slowdown:0.00}x the median step time of its peers (at worst {s.Worst:0.00}x; {s.Individual:0.00}x its own earlier steps) at {s.SlowSteps} of {s.ComparedSteps} steps, from step {s.Start.Step} to step {s.LastSlow.Step}"),
                attrs));

            // Every later slow step is a row of its own: the evidence, step by step, of one event.
            foreach (var (at, relative) in s.Steps)
            {
                if (at.Offset == s.Start.Offset && at.File == s.Start.File)
                {
                    continue;
                }

                Add(new MetricsFinding("train.straggler", "metrics.straggler", at, s.Rank, s.Attempt, "straggler",
                    string.Create(Inv, $"rank {s.Rank} ran {relative:0.00}x the median step time of its peers at step {at.Step} (a slow step of the straggler found at step {s.Start.Step})"),
                    new Dictionary<string, string>
                    {
                        ["slowdown"] = relative.ToString("0.00", Inv),
                        ["step"] = at.Step.ToString(Inv),
                        ["straggler_step"] = s.Start.Step.ToString(Inv),
                    },
                    Severity.Warning));
            }
        }

        _findings.Sort(static (a, b) => a.At.File != b.At.File ? a.At.File.CompareTo(b.At.File) : a.At.Offset.CompareTo(b.At.Offset));
        return _findings;
    }

    private void Track(MetricRow row, int file)
    {
        if (!Progress.TryGetValue(row.Attempt, out var p))
        {
            p = Progress[row.Attempt] = new AttemptProgress();
        }

        p.Observe(row.Step, row.Time, new MetricAt(row.Step, row.Time, file, row.Line, row.Offset));
    }

    private SeriesState? State(MetricRow row, int metric)
    {
        var key = ((long)row.Attempt << 40) | ((long)(row.Rank + 1) << 3) | (uint)metric;
        if (_series.TryGetValue(key, out var state))
        {
            return state;
        }

        if (_series.Count >= options.MaxSeries)
        {
            Untracked++;
            return null;
        }

        return _series[key] = new SeriesState(row.Attempt, row.Rank, metric);
    }

    private void Curve(MetricRow row, int metric, string name, double value, in MetricAt at)
    {
        if (State(row, metric) is not { } state)
        {
            return;
        }

        if (!double.IsFinite(value))
        {
            // Megatron's own NaN / Inf values are the rule training.megatron_iteration_nan's symptom already.
            if (!state.InNaN && row.LogFormat != IterationLineFormat.Megatron)
            {
                state.InNaN = true;
                Add(new MetricsFinding("train.nan", "metrics.nan", at, row.Rank, row.Attempt, $"nan-{name}",
                    string.Create(Inv, $"{name} is {Text(value)} at step {row.Step}{Who(row.Rank)}"),
                    new Dictionary<string, string> { ["metric"] = name, ["value"] = Text(value), ["step"] = row.Step.ToString(Inv) }));
            }

            return;
        }

        state.InNaN = false;
        state.Spikes ??= new SpikeDetector(options);
        state.Name = name;
        if (state.Spikes.Add(value, at) is { } spike)
        {
            Spike(state, spike);
        }
    }

    private void Spike(SeriesState state, SpikeEvent e)
    {
        var name = state.Name ?? MetricNames.Loss;
        Add(new MetricsFinding("train.loss_spike", name == MetricNames.Loss ? "metrics.loss_spike" : "metrics.grad_norm_spike", e.Start, state.Rank, state.Attempt, $"{name}-spike",
            string.Create(Inv, $"{name} spiked to {e.Peak:G4} ({e.Sigma:0.0}σ, +{e.RelativeJump * 100:0.#}% over its trend {e.Expected:G4}) at step {e.Start.Step} for {e.Points} points until step {e.EndStep}{Who(state.Rank)}"),
            new Dictionary<string, string>
            {
                ["metric"] = name,
                ["sigma"] = e.Sigma.ToString("0.0", Inv),
                ["relative_jump"] = e.RelativeJump.ToString("0.###", Inv),
                ["duration_points"] = e.Points.ToString(Inv),
                ["duration_steps"] = (e.EndStep - e.Start.Step + 1).ToString(Inv),
                ["step"] = e.Start.Step.ToString(Inv),
            }));
    }

    private void Scale(MetricRow row, double value, in MetricAt at)
    {
        if (State(row, 2) is not { } state || !double.IsFinite(value))
        {
            return;
        }

        // From log lines, a skipped step is the rules' symptom already (Megatron's skipped count, DeepSpeed's OVERFLOW line).
        if (state.Last is { } last && value < last && row.LogFormat == IterationLineFormat.None)
        {
            Add(new MetricsFinding("train.overflow", "metrics.loss_scale_drop", at, row.Rank, row.Attempt, "loss-scale-drop",
                string.Create(Inv, $"loss scale dropped from {last:G6} to {value:G6} at step {row.Step} (an overflow: the step was skipped){Who(row.Rank)}"),
                new Dictionary<string, string> { ["from"] = last.ToString("G6", Inv), ["to"] = value.ToString("G6", Inv), ["step"] = row.Step.ToString(Inv) }));
        }

        state.Last = value;
    }

    private void Skipped(MetricRow row, double value, in MetricAt at)
    {
        if (State(row, 3) is not { } state || !double.IsFinite(value))
        {
            return;
        }

        if (value > (state.Last ?? 0) && row.LogFormat == IterationLineFormat.None)
        {
            Add(new MetricsFinding("train.overflow", "metrics.skipped_step", at, row.Rank, row.Attempt, "skipped-steps",
                string.Create(Inv, $"skipped steps went from {state.Last ?? 0:0} to {value:0} at step {row.Step}{Who(row.Rank)}"),
                new Dictionary<string, string> { ["skipped"] = value.ToString("0", Inv), ["step"] = row.Step.ToString(Inv) }));
        }

        state.Last = value;
    }

    private void Add(MetricsFinding finding)
    {
        var n = _perKind.TryGetValue(finding.Rule, out var c) ? c : 0;
        if (n >= options.MaxSymptomsPerKind)
        {
            Suppressed++;
            return;
        }

        _perKind[finding.Rule] = n + 1;
        _findings.Add(finding);
    }

    private static string Text(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";

    private static string Who(int rank) => rank >= 0 ? string.Create(Inv, $" on rank {rank}") : string.Empty;

    private sealed class SeriesState(int attempt, int rank, int metric)
    {
        public int Attempt { get; } = attempt;

        public int Rank { get; } = rank;

        public int Metric { get; } = metric;

        public string? Name { get; set; }

        public SpikeDetector? Spikes { get; set; }

        public bool InNaN { get; set; }

        public double? Last { get; set; }
    }
}
