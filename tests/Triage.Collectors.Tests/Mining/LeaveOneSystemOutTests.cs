using Triage.Collectors.Mining;
using Triage.Collectors.Mining.Evaluation;
using Triage.Testing;

namespace Triage.Collectors.Tests.Mining;

public sealed class LeaveOneSystemOutTests
{
    private static readonly string Data = Path.Combine(TestRepository.Data, "loghub-2k");

    [Fact]
    public void Grid_DefaultFirstAndNoDuplicates()
    {
        Assert.Equal(TemplateMinerOptions.Default, LeaveOneSystemOut.Grid[0]);
        Assert.Equal(LeaveOneSystemOut.Grid.Count, LeaveOneSystemOut.Grid.Distinct().Count());
    }

    [Fact]
    public void Choose_HighestMeanGaThenFgaThenEarliest()
    {
        var scores = new[]
        {
            new[] { S(0.90, 0.90), S(0.90, 0.90) },
            new[] { S(0.95, 0.80), S(0.95, 0.80) }, // best GA
            new[] { S(0.95, 0.85), S(0.95, 0.85) }, // same GA, better FGA: chosen
            new[] { S(0.95, 0.85), S(0.95, 0.85) }, // a tie: the earlier one stays
        };

        Assert.Equal(2, LeaveOneSystemOut.Choose(scores.Length, i => scores[i]));
    }

    [Fact]
    public void Fold_HeldOutSystemNeverInfluencesItsChoice()
    {
        // Setting 1 is best on the held-out system only; the others prefer setting 0.
        var systems = new[] { "a", "b", "c" };
        var grid = new[] { TemplateMinerOptions.Default, TemplateMinerOptions.Default with { MinDistinctValues = 9 } };
        IReadOnlyList<IReadOnlyList<SystemScore>> scores =
        [
            [Score("a", 0.9), Score("b", 0.9), Score("c", 0.5)],
            [Score("a", 0.8), Score("b", 0.8), Score("c", 1.0)],
        ];

        var report = LeaveOneSystemOut.Fold(systems, grid, scores);

        var c = Assert.Single(report.Folds, f => f.HeldOut == "c");
        Assert.Equal(grid[0], c.Chosen);
        Assert.Equal(0.5, c.Score.Scores.GroupingAccuracy);
        Assert.Equal(grid[1], report.ChosenOnAll);
    }

    [Fact]
    public void Run_DevelopmentSystems_HeldOutScoresMeetTheFloor()
    {
        var report = LeaveOneSystemOut.Run(Data);

        Assert.Equal(8, report.Folds.Count);
        Assert.Equal(TemplateMinerOptions.Default, report.ChosenOnAll);
        Assert.True(report.Folds.Average(f => f.Score.Scores.GroupingAccuracy) >= 0.98);
        Assert.True(report.Folds.Average(f => f.Score.Scores.GroupingF1) >= 0.95);
    }

    private static ParsingScores S(double ga, double fga) => new(ga, fga, 0, 0, 0, 0, 1, 1);

    private static SystemScore Score(string system, double ga) => new(system, 1, S(ga, ga), 0);
}
