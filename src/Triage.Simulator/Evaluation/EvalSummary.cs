namespace Triage.Simulator.Evaluation;

/// <summary>
/// Scores over several runs. Rates count only runs whose truth lists causes; precision and recall
/// are over causes, with an n/a precision counted as 0 when the truth lists lines for the cause
/// (see <see cref="CauseScore.PrecisionForSummary"/>); recall counts listed lines never extracted as misses.
/// </summary>
public sealed record EvalSummary
{
    /// <summary>Runs evaluated.</summary>
    public int Runs { get; init; }

    /// <summary>Runs whose analysis produced no hypothesis at all.</summary>
    public int RunsWithoutHypotheses { get; init; }

    /// <summary>Runs that have causes (the denominator of the rates).</summary>
    public int RunsWithCauses { get; init; }

    /// <summary>Runs whose rank-1 hypothesis names a cause.</summary>
    public int Top1 { get; init; }

    /// <summary>Runs with a cause named within ranks 1..3.</summary>
    public int Top3 { get; init; }

    /// <summary>Runs with every cause named within ranks 1..k (k = its number of causes).</summary>
    public int AllInTopK { get; init; }

    /// <summary>Hypotheses over all runs scored at least 0.5 that name no true cause.</summary>
    public int FalseHypotheses { get; init; }

    /// <summary>Runs with at least one such false hypothesis.</summary>
    public int RunsWithFalseHypotheses { get; init; }

    /// <summary>Causes over all runs.</summary>
    public int Causes { get; init; }

    /// <summary>Mean precision over causes; null when there is none.</summary>
    public double? MeanPrecision { get; init; }

    /// <summary>Lowest precision over causes; null when there is none.</summary>
    public double? MinPrecision { get; init; }

    /// <summary>Mean recall over causes; null when there is none.</summary>
    public double? MeanRecall { get; init; }

    /// <summary>Lowest recall over causes; null when there is none.</summary>
    public double? MinRecall { get; init; }

    /// <summary>Mean time to hypotheses (collect + analyze) per run.</summary>
    public TimeSpan MeanTimeToHypotheses { get; init; }

    /// <summary>Longest time to hypotheses of a run.</summary>
    public TimeSpan MaxTimeToHypotheses { get; init; }

    /// <summary>Mean analyze time alone per run.</summary>
    public TimeSpan MeanAnalyzeTime { get; init; }

    /// <summary>Top-1 rate (0..1); null when no run has causes.</summary>
    public double? Top1Rate => Rate(Top1);

    /// <summary>Top-3 rate (0..1); null when no run has causes.</summary>
    public double? Top3Rate => Rate(Top3);

    /// <summary>All-causes-in-top-k rate (0..1); null when no run has causes.</summary>
    public double? AllInTopKRate => Rate(AllInTopK);

    /// <summary>Summarises <paramref name="runs"/>.</summary>
    public static EvalSummary From(IReadOnlyList<RunScore> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var precision = runs.SelectMany(r => r.Causes).Select(c => c.PrecisionForSummary).OfType<double>().ToArray();
        var recall = runs.SelectMany(r => r.Causes).Select(c => c.Recall).OfType<double>().ToArray();
        var times = runs.Select(r => r.Timings.ToHypotheses).ToArray();
        return new EvalSummary
        {
            Runs = runs.Count,
            RunsWithoutHypotheses = runs.Count(r => r.Hypotheses == 0),
            RunsWithCauses = runs.Count(r => r.Top1 is not null),
            Top1 = runs.Count(r => r.Top1 == true),
            Top3 = runs.Count(r => r.Top3 == true),
            AllInTopK = runs.Count(r => r.AllInTopK == true),
            FalseHypotheses = runs.Sum(r => r.FalseHypotheses.Count),
            RunsWithFalseHypotheses = runs.Count(r => r.FalseHypotheses.Count > 0),
            Causes = runs.Sum(r => r.Causes.Count),
            MeanPrecision = precision.Length == 0 ? null : precision.Average(),
            MinPrecision = precision.Length == 0 ? null : precision.Min(),
            MeanRecall = recall.Length == 0 ? null : recall.Average(),
            MinRecall = recall.Length == 0 ? null : recall.Min(),
            MeanTimeToHypotheses = times.Length == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)times.Average(t => t.Ticks)),
            MaxTimeToHypotheses = times.Length == 0 ? TimeSpan.Zero : times.Max(),
            MeanAnalyzeTime = times.Length == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)runs.Average(r => r.Timings.Analyze.Ticks)),
        };
    }

    private double? Rate(int count) => RunsWithCauses == 0 ? null : (double)count / RunsWithCauses;
}
