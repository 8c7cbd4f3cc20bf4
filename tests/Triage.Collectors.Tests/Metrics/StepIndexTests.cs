using Triage.Collectors.Metrics;
using Triage.Testing;

namespace Triage.Collectors.Tests.Metrics;

public sealed class StepIndexTests
{
    private static readonly string Samples = Path.Combine(TestRepository.Root, "tests", "Triage.Cli.Tests", "Metrics");

    [Fact]
    public void Build_PerRankCsv_StepAtAndTimeOfAgree()
    {
        var index = StepIndex.Build([Path.Combine(Samples, "step_times.csv")], []);
        var start = DateTimeOffset.FromUnixTimeSeconds(1772323200);

        Assert.Equal(12, index.StepAt(5, start.AddSeconds(12.5)));
        Assert.Equal(start.AddSeconds(40), index.TimeOf(3, 40));
        Assert.Null(index.StepAt(5, start.AddSeconds(-1)));
    }

    [Fact]
    public void Build_GlobalJsonlWithRestart_LaterAttemptAnswersForLaterTimes()
    {
        var index = StepIndex.Build([Path.Combine(Samples, "train.jsonl")], []);
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(100, index.StepAt(0, start.AddSeconds(100)));
        Assert.Equal(259, index.StepAt(0, start.AddSeconds(260 + 100)));
        Assert.Equal(241, index.StepAt(0, start.AddSeconds(260 + 300 + 1)));
        Assert.Equal(start.AddSeconds(260 + 300 + 10), index.TimeOf(0, 250));
    }
}
