using Triage.Hypotheses;
using Triage.Simulator.Evaluation;
using Triage.Simulator.Truth;
using Triage.Symptoms;
using static Triage.Simulator.Tests.Evaluation.EvalFixtures;

namespace Triage.Simulator.Tests.Evaluation;

public sealed class EvalScorerTests
{
    private static readonly EvalTimings Timings = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));

    private static readonly TruthCause Gpu = Cause("gpu-lost", SymptomCategory.Hardware, [F("host", "node-018"), F("gpu", "5")]);

    private static readonly TruthCause Shard = Cause("shard", SymptomCategory.Data, [F("data_shard", "web-0412")]);

    [Fact]
    public async Task ScoreAsync_RankOneNamesTheCause_Top1Top3AndAllInTopK()
    {
        var truth = TruthOf([Gpu], []);
        var analysis = AnalysisOf([HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-018"), F("gpu", "5"))]);

        var score = await EvalScorer.ScoreAsync(truth, analysis, Stream(), Timings);

        Assert.True(score.Top1);
        Assert.True(score.Top3);
        Assert.True(score.AllInTopK);
        Assert.Equal(1, score.Causes[0].BestRank);
        Assert.Equal("h1", score.Causes[0].Hypothesis);
    }

    [Fact]
    public async Task ScoreAsync_CauseAtRankThree_NotTop1ButTop3()
    {
        var truth = TruthOf([Shard], []);
        var analysis = AnalysisOf([
            HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-001")),
            HypothesisOf("h2", 2, SymptomCategory.Network, F("switch", "ib-leaf-07")),
            HypothesisOf("h3", 3, SymptomCategory.Data, F("data_shard", "web-0412")),
            HypothesisOf("h4", 4, SymptomCategory.Data, F("data_shard", "web-0412"), F("frame", "x"))]);

        var score = await EvalScorer.ScoreAsync(truth, analysis, Stream(), Timings);

        Assert.False(score.Top1);
        Assert.True(score.Top3);
        Assert.False(score.AllInTopK);
        Assert.Equal(3, score.Causes[0].BestRank);
    }

    [Fact]
    public async Task ScoreAsync_CauseAtRankFour_MissesTop3()
    {
        var truth = TruthOf([Shard], []);
        var analysis = AnalysisOf([
            HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-001")),
            HypothesisOf("h2", 2, SymptomCategory.Hardware, F("host", "node-002")),
            HypothesisOf("h3", 3, SymptomCategory.Hardware, F("host", "node-003")),
            HypothesisOf("h4", 4, SymptomCategory.Data, F("data_shard", "web-0412"))]);

        var score = await EvalScorer.ScoreAsync(truth, analysis, Stream(), Timings);

        Assert.False(score.Top3);
        Assert.Equal(4, score.Causes[0].BestRank);
    }

    [Theory]
    [InlineData(1, 2, true)]
    [InlineData(2, 1, true)]
    [InlineData(1, 3, false)]
    public async Task ScoreAsync_TwoCauses_AllInTopKMeansBothInTopTwo(int gpuRank, int shardRank, bool expected)
    {
        var truth = TruthOf([Gpu, Shard], []);
        var hypotheses = new List<Hypothesis>
        {
            HypothesisOf("gpu", gpuRank, SymptomCategory.Hardware, F("host", "node-018"), F("gpu", "5")),
            HypothesisOf("shard", shardRank, SymptomCategory.Data, F("data_shard", "web-0412")),
        };
        if (gpuRank != 2 && shardRank != 2)
        {
            hypotheses.Add(HypothesisOf("other", 2, SymptomCategory.Network, F("switch", "ib-leaf-07")));
        }

        var score = await EvalScorer.ScoreAsync(truth, AnalysisOf([.. hypotheses.OrderBy(h => h.Rank)]), Stream(), Timings);

        Assert.True(score.Top1);
        Assert.Equal(expected, score.AllInTopK);
    }

    [Fact]
    public async Task ScoreAsync_SecondCauseNeverFired_OnlyTheCauseThatFiredMustBeInTheTopK()
    {
        // two-causes at 16,384 ranks over one hour: the data-shard bug had no batch to trip on.
        var truth = TruthOf([Gpu, Shard with { FirstSeen = null }], []);
        var hypotheses = new List<Hypothesis>
        {
            HypothesisOf("gpu", 1, SymptomCategory.Hardware, F("host", "node-018"), F("gpu", "5")),
            HypothesisOf("other", 2, SymptomCategory.Network, F("switch", "ib-leaf-07")),
        };

        var score = await EvalScorer.ScoreAsync(truth, AnalysisOf([.. hypotheses]), Stream(), Timings);

        Assert.True(score.AllInTopK);
        Assert.Null(score.Causes[1].BestRank);
    }

    [Fact]
    public async Task ScoreAsync_FactorlessHypothesis_DoesNotNameARace()
    {
        var race = Cause("race", SymptomCategory.Software, [Factor.Spread]);

        var bare = await EvalScorer.ScoreAsync(TruthOf([race], []), AnalysisOf([HypothesisOf("h1", 1, SymptomCategory.Software)]), Stream(), Timings);
        var named = await EvalScorer.ScoreAsync(TruthOf([race], []), AnalysisOf([HypothesisOf("h1", 1, SymptomCategory.Software, Factor.Spread)]), Stream(), Timings);

        Assert.False(bare.Top1);
        Assert.True(named.Top1);
    }

    [Fact]
    public async Task ScoreAsync_ConfidentHypothesesNamingNoCause_AreCountedFalse()
    {
        var analysis = AnalysisOf([
            HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-018"), F("gpu", "5")) with { Score = 0.9 },
            HypothesisOf("h2", 2, SymptomCategory.Network, F("switch", "leaf-3")) with { Score = 0.7 },
            HypothesisOf("h3", 3, SymptomCategory.Hardware, F("host", "node-002")) with { Score = 0.49 }]);

        var score = await EvalScorer.ScoreAsync(TruthOf([Gpu], []), analysis, Stream(), Timings);

        var wrong = Assert.Single(score.FalseHypotheses);
        Assert.Equal(("h2", 2, 0.7), (wrong.Id, wrong.Rank, wrong.Score));
    }

    [Fact]
    public async Task ScoreAsync_PrecisionAndRecall_CountClaimedAgainstTruthByPathAndLine()
    {
        // Truth: 2 root + 2 collateral lines of the cause; one noise line; one unlabelled symptom.
        var truth = TruthOf([Gpu], [
            new("node-018/kern.log", 10, "gpu-lost", AttributionRole.Root),
            new("node-018/kern.log", 11, "gpu-lost", AttributionRole.Root),
            new("slurm.out", 5, "gpu-lost", AttributionRole.Collateral),
            new("slurm.out", 6, "gpu-lost", AttributionRole.Collateral),
            new("slurm.out", 999, "gpu-lost", AttributionRole.Collateral)], // never extracted
            [new("node-020/kern.log", 3, "harmless Xid 13")]);
        var analysis = AnalysisOf(
            [HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-018"), F("gpu", "5"))],
            ById(
                ("node-018/kern.log:10", "h1", AttributionRole.Root),
                ("slurm.out:5", "h1", AttributionRole.Collateral),
                ("node-020/kern.log:3", "h1", AttributionRole.Collateral))); // a wrong claim: noise
        var symptoms = Stream(
            SymptomAt("node-018/kern.log", 10), SymptomAt("node-018/kern.log", 11), SymptomAt("slurm.out", 5), SymptomAt("slurm.out", 6),
            SymptomAt("node-020/kern.log", 3), SymptomAt("node-019/kern.log", 1));

        var score = await EvalScorer.ScoreAsync(truth, analysis, symptoms, Timings);

        var cause = score.Causes[0];
        Assert.Equal(5, cause.TruthListed);
        Assert.Equal((2L, 3L, 1L), (cause.ListedRoot, cause.ListedCollateral, cause.NotExtracted));
        Assert.Equal((2L, 2L, 4L), (cause.TruthRoot, cause.TruthCollateral, cause.Truth));
        Assert.Equal((3L, 2L), (cause.Claimed, cause.Correct));
        Assert.Equal(2.0 / 3, cause.Precision!.Value, 10);
        Assert.Equal(2.0 / 5, cause.Recall); // the line never extracted is a miss too
        Assert.Equal(0.5, cause.RootRecall);
        Assert.Equal(1.0 / 3, cause.CollateralRecall);
        Assert.Equal(6, score.Symptoms);
        Assert.Equal((1L, 1L), (score.Noise, score.NoiseClaimed));
        Assert.Equal(1, score.Unlabelled);
        Assert.Equal(new UnexplainedScore(3, 2, 0, 1), score.Unexplained);
    }

    [Fact]
    public async Task ScoreAsync_CompanionLines_RightWhenClaimedButNotNeededForRecall()
    {
        // A watchdog timeout (primary) and its info-level companion line, then a traceback frame
        // the extractor folds into its block: recall asks for the primary line only.
        var truth = TruthOf([Gpu], [
            new("a.log", 1, "gpu-lost", AttributionRole.Collateral),
            new("a.log", 2, "gpu-lost", AttributionRole.Collateral) { Primary = false, Block = 1 },
            new("a.log", 3, "gpu-lost", AttributionRole.Collateral) { Primary = false, Block = 1 }]);
        var analysis = AnalysisOf(
            [HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-018"), F("gpu", "5"))],
            ById(("a.log:1", "h1", AttributionRole.Collateral), ("a.log:2", "h1", AttributionRole.Collateral)));

        var score = await EvalScorer.ScoreAsync(truth, analysis, Stream(SymptomAt("a.log", 1), SymptomAt("a.log", 2)), Timings);

        var cause = score.Causes[0];
        Assert.Equal((1L, 0L), (cause.TruthListed, cause.NotExtracted));
        Assert.Equal(1.0, cause.Recall);
        Assert.Equal(1.0, cause.Precision);
        Assert.Equal(0, score.Unlabelled);
    }

    [Fact]
    public async Task ScoreAsync_ClaimsByFilter_ResolveCollateralLikeTheStore()
    {
        var truth = TruthOf([Gpu], [
            new("a.log", 1, "gpu-lost", AttributionRole.Root),
            new("a.log", 2, "gpu-lost", AttributionRole.Collateral)]);
        var attribution = new Attribution(
            new Dictionary<string, (string, AttributionRole)> { ["a.log:1"] = ("h1", AttributionRole.Root) },
            [new AttributionClaim("h1", AttributionRole.Collateral, new() { Kinds = ["nccl.timeout"] })]);
        var analysis = AnalysisOf([HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-018"), F("gpu", "5"))], attribution);

        var score = await EvalScorer.ScoreAsync(truth, analysis, Stream(SymptomAt("a.log", 1, "gpu.lost"), SymptomAt("a.log", 2), SymptomAt("b.log", 7)), Timings);

        Assert.Equal((3L, 2L), (score.Causes[0].Claimed, score.Causes[0].Correct));
        Assert.Equal(1.0, score.Causes[0].Recall);
        Assert.Equal(2.0 / 3, score.Causes[0].Precision!.Value, 10);
    }

    [Fact]
    public async Task ScoreAsync_ClaimsOfAnotherHypothesis_DoNotCountForTheCause()
    {
        var truth = TruthOf([Gpu], [new("a.log", 1, "gpu-lost", AttributionRole.Root)]);
        var analysis = AnalysisOf(
            [HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-018"), F("gpu", "5")), HypothesisOf("h2", 2, SymptomCategory.Network, F("switch", "s"))],
            ById(("a.log:1", "h2", AttributionRole.Root)));

        var score = await EvalScorer.ScoreAsync(truth, analysis, Stream(SymptomAt("a.log", 1)), Timings);

        Assert.Equal(0, score.Causes[0].Claimed);
        Assert.Null(score.Causes[0].Precision);
        Assert.Equal(0.0, score.Causes[0].PrecisionForSummary);
        Assert.Equal(0.0, score.Causes[0].Recall);
        Assert.Equal(0, score.Unexplained.Symptoms);
    }

    [Fact]
    public async Task ScoreAsync_NoHypotheses_EverythingUnexplainedAndRatiosNotApplicable()
    {
        var truth = TruthOf([Gpu], [new("a.log", 1, "gpu-lost", AttributionRole.Root)], [new("a.log", 2, "noise")]);

        var score = await EvalScorer.ScoreAsync(truth, AnalysisOf([]), Stream(SymptomAt("a.log", 1), SymptomAt("a.log", 2), SymptomAt("a.log", 3)), Timings);

        Assert.Equal(0, score.Hypotheses);
        Assert.False(score.Top1);
        Assert.False(score.Top3);
        Assert.Null(score.Causes[0].BestRank);
        Assert.Null(score.Causes[0].Precision);
        Assert.Equal(0.0, score.Causes[0].Recall);
        Assert.Equal(new UnexplainedScore(3, 1, 1, 1), score.Unexplained);
    }

    [Fact]
    public async Task ScoreAsync_CauseWithoutExtractedSymptoms_RecallZero()
    {
        var truth = TruthOf([Gpu], [new("a.log", 1, "gpu-lost", AttributionRole.Root)]);

        var score = await EvalScorer.ScoreAsync(truth, AnalysisOf([]), Stream(), Timings);

        // Nothing the truth lists was extracted: every line is a miss, not "not applicable".
        Assert.Equal(0.0, score.Causes[0].Recall);
        Assert.Equal(0.0, score.Causes[0].RootRecall);
        Assert.Equal(0.0, score.Causes[0].PrecisionForSummary);
        Assert.Equal((1L, 1L), (score.Causes[0].TruthListed, score.Causes[0].NotExtracted));
    }

    [Fact]
    public async Task ScoreAsync_CauseListingNoLines_RecallNotApplicable()
    {
        var score = await EvalScorer.ScoreAsync(TruthOf([Gpu], []), AnalysisOf([]), Stream(), Timings);

        Assert.Null(score.Causes[0].Recall);
        Assert.Null(score.Causes[0].PrecisionForSummary);
    }

    [Fact]
    public async Task ScoreAsync_NoCauses_RatesNotApplicable()
    {
        var score = await EvalScorer.ScoreAsync(TruthOf([], []), AnalysisOf([HypothesisOf("h1", 1, SymptomCategory.Hardware)]), Stream(), Timings);

        Assert.Null(score.Top1);
        Assert.Null(score.Top3);
        Assert.Null(score.AllInTopK);
    }

    [Fact]
    public async Task ScoreAsync_Timings_ReportedAsGiven()
    {
        var score = await EvalScorer.ScoreAsync(TruthOf([Gpu], []), AnalysisOf([]), Stream(), Timings);

        Assert.Equal(TimeSpan.FromSeconds(3), score.Timings.ToHypotheses);
    }
}
