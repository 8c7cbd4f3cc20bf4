using Triage.Correlation.Engine;
using Triage.Runs;
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
        Assert.Equal([0, 1, null], observations.Select(o => o.Attempt));
    }

    [Fact]
    public void Apply_MoreProcessBlocksThanAttempts_LeavesTimelessLinesAlone()
    {
        var placements = new[] { Placement("rank-3.out", 1, pid: 100), Placement("rank-3.out", 5, pid: 200), Placement("rank-3.out", 9, pid: 300) };
        var observations = new List<Observation> { Observe(Line("rank-3.out", 10, null, rank: 3)) };

        Assert.Equal(0, TimeBounds.Apply(observations, placements, Facts()));
        Assert.Null(observations[0].Symptom.Timestamp);
    }

    /// <summary>16 ranks on two hosts, two attempts (what a run.yaml with world_size 16, ranks_per_node 8 says).</summary>
    [Fact]
    public void AtStall_PeerReportsPlacedOnlyInTheirAttempt_MovedToWhenTheirWatchdogFired()
    {
        // Rank 3's file holds one process per attempt and no stamp: its watchdog lines are placed at
        // the first attempt's start, hours before the step counter stopped (3 h in). The timeout
        // waited 10 minutes; "Some NCCL operations have failed" does not say, so it takes the
        // longest wait reported. A crash line stays where it is (not a peer's report), and so does a
        // report of the second attempt, where the counter never stopped.
        var placements = new[] { Placement("rank-3.out", 1, pid: 100), Placement("rank-3.out", 20, pid: 200) };
        var observations = new List<Observation>
        {
            Observe(Line("rank-3.out", 10, null, rank: 3, kind: "nccl.timeout") with { Attrs = new Dictionary<string, string> { ["ran_ms"] = "600000" } }),
            Observe(Line("rank-3.out", 11, null, rank: 3, kind: "nccl.error")),
            Observe(Line("rank-3.out", 12, null, rank: 3)),
            Observe(Line("rank-3.out", 25, null, rank: 3, kind: "nccl.timeout") with { Attrs = new Dictionary<string, string> { ["ran_ms"] = "600000" } }),
            Observe(Line("metrics.jsonl", 1, First.AddHours(3), kind: "train.hang")),
        };
        TimeBounds.Apply(observations, placements, Facts());

        var moved = TimeBounds.AtStall(observations, new HashSet<string>(StringComparer.Ordinal) { "nccl.timeout", "nccl.error" });

        Assert.Equal(2, moved);
        var fired = First.AddHours(3).AddMinutes(10);
        Assert.Equal([fired, fired, First, Second], observations.Take(4).Select(o => o.Symptom.Timestamp!.Value));
        Assert.All(observations.Take(4), o => Assert.True(o.Symptom.TimeInferred));
        Assert.Equal(Second, observations[0].NotAfter);
    }

    [Fact]
    public void AtStall_StallTooLateForTheReportsBound_LeavesThemAtTheirAttempt()
    {
        // The counter stopped 2 minutes before the restart: a 10-minute watchdog could not have fired
        // within the attempt, so that stall is not what these lines reported.
        var placements = new[] { Placement("rank-3.out", 1, pid: 100), Placement("rank-3.out", 20, pid: 200) };
        var observations = new List<Observation>
        {
            Observe(Line("rank-3.out", 10, null, rank: 3, kind: "nccl.timeout") with { Attrs = new Dictionary<string, string> { ["ran_ms"] = "600000" } }),
            Observe(Line("metrics.jsonl", 1, Second.AddMinutes(-2), kind: "train.hang")),
        };
        TimeBounds.Apply(observations, placements, Facts());

        Assert.Equal(0, TimeBounds.AtStall(observations, new HashSet<string>(StringComparer.Ordinal) { "nccl.timeout" }));
        Assert.Equal(First, observations[0].Symptom.Timestamp);
    }

    private static RunFacts Facts() => new(
        new Dictionary<string, string>(StringComparer.Ordinal) { ["run"] = "llm-70b-pretrain" },
        worldSize: 16,
        ranksPerNode: 8,
        nodes: ["node-001", "node-002"],
        parallel: new Dictionary<string, int>(StringComparer.Ordinal),
        attempts: [
            new RunAttempt(0, DateTimeOffset.Parse("2026-05-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, new Dictionary<string, string>()),
            new RunAttempt(1, DateTimeOffset.Parse("2026-05-02T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, new Dictionary<string, string>()),
        ]);

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
