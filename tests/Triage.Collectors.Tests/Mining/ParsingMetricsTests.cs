using Triage.Collectors.Mining.Evaluation;

namespace Triage.Collectors.Tests.Mining;

public sealed class ParsingMetricsTests
{
    [Fact]
    public void Compute_OneGroupSplitOneMerged_LoghubDefinitions()
    {
        // True groups: A×3, B×2, C×1. Parsed: A exact (correct text), B split in two, C correct group but wrong text.
        string?[] truth = ["A <*>", "A <*>", "A <*>", "B <*>", "B <*>", "C"];
        string[] parsed = ["A <*>", "A <*>", "A <*>", "B x", "B y", "<*>"];

        var s = ParsingMetrics.Compute(truth, parsed);

        Assert.Equal(4.0 / 6, s.GroupingAccuracy, 6);                    // A and C grouped right
        Assert.Equal(F1(2.0 / 4, 2.0 / 3), s.GroupingF1, 6);             // 2 right of 4 parsed, 3 true
        Assert.Equal(3.0 / 6, s.ParsingAccuracy, 6);                     // only A's text is right
        Assert.Equal(F1(1.0 / 4, 1.0 / 3), s.TemplateF1, 6);             // A only
        Assert.Equal((4, 3), (s.ParsedTemplates, s.TrueTemplates));
    }

    [Fact]
    public void Compute_ParsedGroupSpanningTwoTrueGroups_NeitherCounts()
    {
        string?[] truth = ["A", "A", "B"];
        string[] parsed = ["X", "X", "X"];

        var s = ParsingMetrics.Compute(truth, parsed);

        Assert.Equal(0, s.GroupingAccuracy);
        Assert.Equal(0, s.GroupingF1);
    }

    [Fact]
    public void Compute_MessagesWithoutTruth_LeftOutOfGroupingButCountForPa()
    {
        string?[] truth = ["A", null];
        string[] parsed = ["A", "A"];

        var s = ParsingMetrics.Compute(truth, parsed);

        Assert.Equal(1, s.GroupingAccuracy);
        Assert.Equal(0.5, s.ParsingAccuracy);
    }

    private static double F1(double p, double r) => 2 * p * r / (p + r);
}
