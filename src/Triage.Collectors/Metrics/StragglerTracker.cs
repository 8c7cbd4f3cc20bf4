namespace Triage.Collectors.Metrics;

/// <summary>
/// Finds slow ranks from per-rank step times, as NVIDIA's straggler detector does with two scores:
/// at each step, a rank's <em>relative</em> score is its step time over the median of its peers at
/// that step, and its <em>individual</em> score is its step time over its own earlier healthy step
/// time (an average kept only while it ran with its peers). A rank slow on both counts at
/// <see cref="MetricsOptions.StragglerSteps"/> of its last 2× that many steps is a straggler; a job
/// that slows down as a whole is not. Steps must arrive in order within an attempt (rows of one
/// step from any number of files, in any rank order). Memory: one entry per rank plus one step's
/// rows, and a straggler's slow steps. Not thread-safe.
/// </summary>
internal sealed class StragglerTracker(MetricsOptions options)
{
    private const double BaselineAlpha = 0.05;

    private readonly List<(int Rank, double Ms, MetricAt At)> _group = [];
    private readonly Dictionary<int, RankState> _ranks = [];
    private readonly List<StragglerEvent> _found = [];
    private double[] _scratch = new double[64];
    private (int Attempt, long Step) _current = (-1, long.MinValue);

    /// <summary>Adds one rank's step time at a step.</summary>
    public void Add(int attempt, int rank, double ms, in MetricAt at)
    {
        if ((attempt, at.Step) != _current)
        {
            CloseStep();
            if (attempt != _current.Attempt)
            {
                CloseAttempt();
            }

            _current = (attempt, at.Step);
        }

        _group.Add((rank, ms, at));
    }

    /// <summary>Ends the input and returns the stragglers found, in attempt and rank order.</summary>
    public IReadOnlyList<StragglerEvent> Finish()
    {
        CloseStep();
        CloseAttempt();
        return _found;
    }

    private void CloseStep()
    {
        Dedupe();
        if (_group.Count < options.MinPeers)
        {
            _group.Clear();
            return;
        }

        if (_scratch.Length < _group.Count)
        {
            _scratch = new double[_group.Count * 2];
        }

        for (var i = 0; i < _group.Count; i++)
        {
            _scratch[i] = _group[i].Ms;
        }

        var times = _scratch.AsSpan(0, _group.Count);
        times.Sort();
        var median = times[times.Length / 2];
        if (median <= 0)
        {
            _group.Clear();
            return;
        }

        var healthy = 1 + ((options.StragglerRelative - 1) / 2);
        foreach (var (rank, ms, at) in _group)
        {
            if (!_ranks.TryGetValue(rank, out var state))
            {
                state = _ranks[rank] = new RankState();
            }

            var relative = ms / median;
            var individual = state.Baseline > 0 ? ms / state.Baseline : 1;
            if (relative < healthy)
            {
                state.Baseline = state.Baseline > 0 ? state.Baseline + (BaselineAlpha * (ms - state.Baseline)) : ms;
            }

            state.Compared++;
            var slow = relative >= options.StragglerRelative && individual >= options.StragglerIndividual;
            state.Window = (state.Window << 1) | (slow ? 1u : 0u);
            if (!slow)
            {
                continue;
            }

            state.Slow++;
            state.RelativeSum += relative;
            state.IndividualSum += individual;
            state.Worst = Math.Max(state.Worst, relative);
            if (System.Numerics.BitOperations.PopCount(state.Window & WindowMask) == 1)
            {
                state.CandidateStart = at;
                if (state.Start is null)
                {
                    state.Steps.Clear();
                }
            }

            // Slow steps from the window's first on; before the rank is a straggler at most the window's.
            state.Steps.Add((at, relative));

            if (state.Start is null && System.Numerics.BitOperations.PopCount(state.Window & WindowMask) >= options.StragglerSteps)
            {
                state.Start = state.CandidateStart;
            }

            if (state.Start is not null)
            {
                state.LastSlow = at;
            }
        }

        _group.Clear();
    }

    /// <summary>
    /// A rank logged twice at a step (a global file of rank 0 beside a per-rank file) keeps the value
    /// from the file with more ranks at that step: its peers are measured the same way.
    /// </summary>
    private void Dedupe()
    {
        if (_group.Count < 2 || _group.TrueForAll(e => e.At.File == _group[0].At.File))
        {
            return;
        }

        var perFile = new Dictionary<int, int>();
        foreach (var e in _group)
        {
            perFile[e.At.File] = perFile.GetValueOrDefault(e.At.File) + 1;
        }

        var best = new Dictionary<int, (int Rank, double Ms, MetricAt At)>();
        foreach (var e in _group)
        {
            if (!best.TryGetValue(e.Rank, out var kept) || perFile[e.At.File] > perFile[kept.At.File])
            {
                best[e.Rank] = e;
            }
        }

        _group.Clear();
        _group.AddRange(best.Values);
    }

    private uint WindowMask => options.StragglerSteps >= 16 ? uint.MaxValue : (1u << (2 * options.StragglerSteps)) - 1;

    private void CloseAttempt()
    {
        foreach (var (rank, s) in _ranks.OrderBy(kv => kv.Key))
        {
            if (s.Start is { } start)
            {
                _found.Add(new StragglerEvent(_current.Attempt, rank, start, s.LastSlow, s.Slow, s.Compared, s.RelativeSum / s.Slow, s.Worst, s.IndividualSum / s.Slow, s.Steps));
            }
        }

        _ranks.Clear();
    }

    private sealed class RankState
    {
        public double Baseline { get; set; }

        public uint Window { get; set; }

        public int Compared { get; set; }

        public int Slow { get; set; }

        public double RelativeSum { get; set; }

        public double IndividualSum { get; set; }

        public double Worst { get; set; }

        public MetricAt CandidateStart { get; set; }

        public MetricAt? Start { get; set; }

        public MetricAt LastSlow { get; set; }

        public List<(MetricAt At, double Relative)> Steps { get; } = [];
    }
}
