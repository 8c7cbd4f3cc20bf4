using System.Text.Json;
using Triage.Simulator.Evaluation;
using Triage.Symptoms;

namespace Triage.Simulator.Tests.Evaluation;

public sealed class EvalJsonTests
{
    [Fact]
    public void Write_OneRun_SchemaRunsAndSnakeCaseSummary()
    {
        var run = new RunScore
        {
            Run = "gpu",
            Scenarios = ["gpu-lost"],
            Symptoms = 9,
            Hypotheses = 1,
            Causes = [new CauseScore { Id = "gpu-lost", Scenario = "gpu-lost", Category = SymptomCategory.Hardware, BestRank = 1, Hypothesis = "h-1", TruthRoot = 3, ListedRoot = 4, FoundRoot = 3, NotExtracted = 1, Claimed = 4, CorrectRoot = 3 }],
            FalseHypotheses = [new FalseHypothesis("h-2", 2, "Hardware fault on node-002", 0.6)],
            Top1 = true,
            Top3 = true,
            AllInTopK = true,
            Unexplained = new UnexplainedScore(5, 0, 1, 4),
            Unlabelled = 4,
            Timings = new EvalTimings(TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(250)),
        };

        using var doc = JsonDocument.Parse(EvalJson.Write([run], EvalSummary.From([run])));

        var root = doc.RootElement;
        Assert.Equal("triage.eval/v1", root.GetProperty("schema").GetString());
        var cause = root.GetProperty("runs")[0].GetProperty("causes")[0];
        Assert.Equal(0.75, cause.GetProperty("precision").GetDouble());
        Assert.Equal(0.75, cause.GetProperty("recall").GetDouble());
        Assert.Equal((4, 1), (cause.GetProperty("listed_root").GetInt32(), cause.GetProperty("not_extracted").GetInt32()));
        Assert.Equal("h-2", root.GetProperty("runs")[0].GetProperty("false_hypotheses")[0].GetProperty("id").GetString());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("false_hypotheses").GetInt32());
        Assert.Equal(JsonValueKind.Null, cause.GetProperty("recall_collateral").ValueKind);
        Assert.Equal("hardware", cause.GetProperty("category").GetString());
        Assert.Equal(1.75, root.GetProperty("runs")[0].GetProperty("time").GetProperty("to_hypotheses_seconds").GetDouble());
        Assert.Equal(1.0, root.GetProperty("summary").GetProperty("top1_rate").GetDouble());
        Assert.Equal(0.75, root.GetProperty("summary").GetProperty("mean_precision").GetDouble());
    }
}
