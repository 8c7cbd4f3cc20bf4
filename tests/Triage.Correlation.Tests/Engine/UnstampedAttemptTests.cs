using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>Restarted runs whose watchdog lines carry no stamp: each line is placed only by its process block (its attempt).</summary>
public sealed class UnstampedAttemptTests
{
    [Fact]
    public async Task Analyze_UnstampedCascadesOfTwoAttemptsTooManyToReadOneByOne_EachFollowsItsOwnAttemptsCrash()
    {
        // torch 2.1 stamps nothing: every line of a rank's log is placed only by its process block
        // (the attempt it belongs to). A double-bit ECC error stops attempt 1, an indexing assert
        // attempt 2; the peers' watchdog lines are too many to read one by one. Grouped without a
        // time they were in no attempt and all went to the ECC error; and a line placed at its
        // attempt's start is in that attempt, however near the restart the time looks.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n  - start: 2026-05-02T01:00:00Z\n");
        foreach (var (attempt, crashed, kind) in new[] { (0, 5, "gpu.ecc"), (1, 9, "cuda.device_assert") })
        {
            for (var r = 0; r < 32; r++)
            {
                var host = TestRun.Host(r / 8);
                Untimed(run, run.Add("meta.placement", 0, host: host, rank: r, severity: Severity.Info, pid: 1000 + (attempt * 100) + r, attrs: [("nranks", "32")]));
                if (r == crashed)
                {
                    Untimed(run, run.Add(kind, 0, host: host, rank: r, gpu: r % 8, severity: kind == "gpu.ecc" ? Severity.Critical : Severity.Error));
                    continue;
                }

                Untimed(run, run.Add("nccl.timeout", 0, rank: r, attrs: [("ran_ms", "600000")]));
                Untimed(run, run.Add("proc.abort", 0, rank: r, attrs: [("exception", "std::runtime_error")]));
            }
        }

        var analysis = await run.AnalyzeAsync(a => new Analyzer(run.Store, Rules.Causal.CausalRuleSet.LoadDirectory(Path.Combine(Testing.TestRepository.Rules, "causal")), TimeProvider.System) { IndividualKindLimit = 40 });

        var ecc = Assert.Single(analysis.Hypotheses, h => h.Explains.Kinds.Contains("gpu.ecc"));
        var assert = Assert.Single(analysis.Hypotheses, h => h.Explains.Kinds.Contains("cuda.device_assert"));
        Assert.Equal(1 + (2 * 31), ecc.Explains.Symptoms);
        Assert.Equal(1 + (2 * 31), assert.Explains.Symptoms);
        Assert.Equal(0, analysis.Unexplained);
    }

    [Fact]
    public async Task Analyze_UnstampedReportsOfThousandsOfRanksAndNoStallInTheMetrics_FollowTheOomKillFarAhead()
    {
        // 4,096 ranks, torch 2.1, per-rank files with no stamp: the second attempt's watchdog lines
        // are placed in it (from its start to the third's), all sharing its start as their time. A link blipped 30 s before the restart,
        // within the restart's tolerance; the OOM kill that stalled the attempt came 35 minutes
        // later, thousands of lines ahead, beyond the look-ahead, and the metrics saw no stall.
        await using var run = await TestRun.CreateAsync();
        const int Ranks = 1_100;
        run.WriteLayout((Ranks / 8) + 1, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n  - start: 2026-05-02T01:00:00Z\n  - start: 2026-05-02T02:00:00Z\n");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            for (var r = 0; r < Ranks; r++)
            {
                Untimed(run, run.Add("meta.placement", 0, host: TestRun.Host(r / 8), rank: r, severity: Severity.Info, pid: 10_000 + (attempt * Ranks) + r,
                    attrs: [("nranks", Ranks.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
                if (attempt == 1)
                {
                    Untimed(run, run.Add("nccl.timeout", 0, rank: r, attrs: [("ran_ms", "600000")]));
                    Untimed(run, run.Add("proc.abort", 0, rank: r, attrs: [("exception", "std::runtime_error")]));
                }
            }
        }

        run.Add("net.ib_link", 59.5, host: TestRun.Host(30));
        run.Add("proc.oom_killed", 95, host: TestRun.Host(7), severity: Severity.Critical, category: SymptomCategory.Resource);

        var analysis = await run.AnalyzeAsync();

        var oom = Assert.Single(analysis.Hypotheses, h => h.Explains.Kinds.Contains("proc.oom_killed"));
        Assert.True(oom.Explains.Symptoms >= 2 * Ranks, $"explains {oom.Explains.Symptoms}; " + string.Join(" | ", analysis.Hypotheses.Select(h => $"{h.Title} {h.Explains.Symptoms}")) + $" unexplained {analysis.Unexplained}");
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Explains.Kinds.Contains("net.ib_link") && h.Explains.Symptoms > 1);
    }

    [Fact]
    public async Task Analyze_WatchdogLinesThatInheritATimeJustAfterARestart_AreNotTakenByABlipOfTheAttemptBefore()
    {
        // The watchdog lines of attempt 2 carry no stamp and inherit one from the init lines a
        // second after the restart: by time alone they are too near the restart to say which attempt
        // they are in, and a link blip 25 minutes into attempt 1 took them. Where they stand in their
        // files (after each rank's second NCCL init) says attempt 2, where the crash is.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(2, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n  - start: 2026-05-02T00:30:00Z\n");
        run.Add("net.ib_link", 5, host: "node-002");
        for (var r = 0; r < 16; r++)
        {
            run.Add("meta.placement", 0.1, host: TestRun.Host(r / 8), rank: r, severity: Severity.Info, pid: 1000 + r, attrs: [("nranks", "16")]);
        }

        for (var r = 0; r < 16; r++)
        {
            run.Add("meta.placement", 30.01, host: TestRun.Host(r / 8), rank: r, severity: Severity.Info, pid: 2000 + r, attrs: [("nranks", "16")]);
        }

        run.Add("cuda.error", 30.1, host: "node-001", rank: 3);
        for (var r = 0; r < 16; r++)
        {
            if (r != 3)
            {
                run.Add("nccl.timeout", 30.02, rank: r, inferred: true, attrs: [("ran_ms", "600000")]);
            }
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Contains("cuda.error", top.Explains.Kinds);
        Assert.Equal(16, top.Explains.Symptoms);
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Explains.Kinds.Contains("net.ib_link") && h.Explains.Kinds.Contains("nccl.timeout"));
    }

    private static void Untimed(TestRun run, Symptom s) => run.Replace(s, s with { Timestamp = null });
}
