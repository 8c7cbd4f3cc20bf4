using Triage.Correlation.Engine;
using Triage.Correlation.Inputs;
using Triage.Correlation.Tests.Inputs;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

public sealed class TimeBoundsTests
{
    private static readonly DateTimeOffset First = new(2026, 5, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = new(2026, 5, 2, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_InheritedTime_BoundedByTheNextOwnStampInItsFile()
    {
        var observations = new List<Observation>
        {
            Observe(Line("a.log", 1, First.AddMinutes(1))),
            Observe(Line("a.log", 2, First.AddMinutes(1), inferred: true)),
            Observe(Line("b.log", 3, First.AddMinutes(5))),
            Observe(Line("a.log", 4, First.AddMinutes(9))),
        };

        TimeBounds.Apply(observations, [], facts: null);

        Assert.Equal(First.AddMinutes(9), observations[1].NotAfter);
        Assert.Null(observations[0].NotAfter);
    }

    [Fact]
    public void Apply_InheritedTimeNearTheEndOfAnAttempt_CappedByTheNextAttemptsStart()
    {
        var observations = new List<Observation>
        {
            Observe(Line("a.log", 2, Second.AddMinutes(-3), inferred: true)),
            Observe(Line("a.log", 9, Second.AddMinutes(30))),
        };

        TimeBounds.Apply(observations, [], Facts());

        Assert.Equal(Second, observations[0].NotAfter);
    }

    [Fact]
    public void Apply_TimelessLinesInRankFileWithOneProcessPerAttempt_PlacedInTheirAttempt()
    {
        var placements = new[] { Placement("rank-3.out", 1, pid: 100), Placement("rank-3.out", 2, pid: 100), Placement("rank-3.out", 20, pid: 200) };
        var observations = new List<Observation>
        {
            Observe(Line("rank-3.out", 10, null, rank: 3)),
            Observe(Line("rank-3.out", 25, null, rank: 3)),
            Observe(Line("rank-4.out", 25, null, rank: 4)),
        };

        var anchored = TimeBounds.Apply(observations, placements, Facts());

        Assert.Equal(2, anchored);
        Assert.Equal((First, true, (DateTimeOffset?)Second), (observations[0].Symptom.Timestamp!.Value, observations[0].Symptom.TimeInferred, observations[0].NotAfter));
        Assert.Equal((Second, (DateTimeOffset?)null), (observations[1].Symptom.Timestamp!.Value, observations[1].NotAfter));
        Assert.Null(observations[2].Symptom.Timestamp);
    }

    [Fact]
    public void Apply_MoreProcessBlocksThanAttempts_LeavesTimelessLinesAlone()
    {
        var placements = new[] { Placement("rank-3.out", 1, pid: 100), Placement("rank-3.out", 5, pid: 200), Placement("rank-3.out", 9, pid: 300) };
        var observations = new List<Observation> { Observe(Line("rank-3.out", 10, null, rank: 3)) };

        Assert.Equal(0, TimeBounds.Apply(observations, placements, Facts()));
        Assert.Null(observations[0].Symptom.Timestamp);
    }

    private static RunFacts Facts()
    {
        using var dir = new TempRunDirectory();
        dir.Write("run.yaml", InputSamples.RunYaml);
        return RunInputs.Discover(dir.Path).Facts!;
    }

    private static Observation Observe(Symptom s) => new(s, 1, s.Timestamp, isGroup: false);

    private static Symptom Placement(string path, long line, int pid) =>
        Line(path, line, null, rank: 3, kind: "meta.placement") with { Pid = pid, Attrs = new Dictionary<string, string> { ["nranks"] = "16" } };

    private static Symptom Line(string path, long line, DateTimeOffset? time, bool inferred = false, int? rank = null, string kind = "cuda.error") => new()
    {
        Id = SymptomId.Create("r", path, line, kind),
        Run = "r",
        Timestamp = time,
        TimeInferred = inferred,
        Rank = rank,
        Kind = kind,
        Category = SymptomCategory.Software,
        Severity = Severity.Error,
        Signature = kind,
        Message = kind,
        Source = new SymptomSource(path, line, line * 10),
        Rule = "test",
    };
}
