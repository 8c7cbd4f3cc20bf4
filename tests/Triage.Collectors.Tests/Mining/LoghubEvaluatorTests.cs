using Triage.Collectors.Mining.Evaluation;
using Triage.Testing;

namespace Triage.Collectors.Tests.Mining;

/// <summary>Scores the miner on the Loghub-2k sample in tests/data/loghub-2k (see its README for the licence).</summary>
public sealed class LoghubEvaluatorTests
{
    private static readonly string Data = Path.Combine(TestRepository.Data, "loghub-2k");

    [Fact]
    public void FindSystems_LoghubSample_EightSystems()
    {
        Assert.Equal(["Apache", "BGL", "HPC", "Hadoop", "Linux", "OpenSSH", "Spark", "Zookeeper"], LoghubEvaluator.FindSystems(Data));
    }

    [Fact]
    public void Evaluate_AllSystemsOneSetting_MeetsTheGaAndFgaTargets()
    {
        var scores = LoghubEvaluator.FindSystems(Data).Select(s => LoghubEvaluator.Evaluate(Data, s)).ToList();

        Assert.Equal(8, scores.Count);
        Assert.All(scores, s => Assert.Equal(2000, s.Messages));
        Assert.True(scores.Average(s => s.Scores.GroupingAccuracy) >= 0.98, $"GA {scores.Average(s => s.Scores.GroupingAccuracy):0.000}");
        Assert.True(scores.Average(s => s.Scores.GroupingF1) >= 0.95, $"FGA {scores.Average(s => s.Scores.GroupingF1):0.000}");
    }

    [Fact]
    public void Mine_SameSystemTwice_SameTemplates()
    {
        var messages = File.ReadAllLines(Path.Combine(Data, "HPC", "HPC_2k.log")).Take(500).ToList();

        Assert.Equal(LoghubEvaluator.Mine(messages), LoghubEvaluator.Mine(messages));
    }

    [Fact]
    public void FindSystems_MissingFolder_Empty()
    {
        Assert.Empty(LoghubEvaluator.FindSystems(Path.Combine(Path.GetTempPath(), "no-such-loghub-" + Guid.NewGuid().ToString("N"))));
    }
}
