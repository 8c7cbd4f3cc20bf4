using Triage.Simulator.Evaluation;
using Triage.Symptoms;

namespace Triage.Simulator.Tests.Evaluation;

public sealed class EvalSummaryTests
{
    [Fact]
    public void From_Runs_RatesOverRunsWithCausesAndRatiosOverCauses()
    {
        var runs = new[]
        {
            Run(top1: true, hypotheses: 2, time: 1, Cause(claimed: 10, root: 8, truth: 10)), // p 0.8, r 0.8
            Run(top1: false, hypotheses: 3, time: 3, Cause(claimed: 0, root: 0, truth: 4)),  // p n/a→0, r 0
            Run(top1: null, hypotheses: 0, time: 2),
        };

        var summary = EvalSummary.From(runs);

        Assert.Equal((3, 1, 2), (summary.Runs, summary.RunsWithoutHypotheses, summary.RunsWithCauses));
        Assert.Equal(0.5, summary.Top1Rate);
        Assert.Equal(2, summary.Causes);
        Assert.Equal(0.4, summary.MeanPrecision!.Value, 10);
        Assert.Equal(0.0, summary.MinPrecision);
        Assert.Equal(0.4, summary.MeanRecall!.Value, 10);
        Assert.Equal(TimeSpan.FromSeconds(2), summary.MeanTimeToHypotheses);
        Assert.Equal(TimeSpan.FromSeconds(3), summary.MaxTimeToHypotheses);
    }

    [Fact]
    public void From_NoRuns_NothingApplicable()
    {
        var summary = EvalSummary.From([]);

        Assert.Null(summary.Top1Rate);
        Assert.Null(summary.MeanPrecision);
        Assert.Null(summary.MinRecall);
        Assert.Equal(TimeSpan.Zero, summary.MeanTimeToHypotheses);
    }

    private static CauseScore Cause(long claimed, long root, long truth) => new()
    {
        Id = "c",
        Scenario = "c",
        Category = SymptomCategory.Hardware,
        Claimed = claimed,
        CorrectRoot = root,
        TruthRoot = truth,
        ListedRoot = truth,
        FoundRoot = root,
    };

    private static RunScore Run(bool? top1, int hypotheses, int time, params CauseScore[] causes) => new()
    {
        Run = "r",
        Hypotheses = hypotheses,
        Causes = causes,
        Top1 = top1,
        Top3 = top1,
        AllInTopK = top1,
        Unexplained = new UnexplainedScore(0, 0, 0, 0),
        Timings = new EvalTimings(TimeSpan.FromSeconds(time), TimeSpan.Zero),
    };
}
