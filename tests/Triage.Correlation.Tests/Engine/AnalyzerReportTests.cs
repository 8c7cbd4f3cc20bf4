using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>
/// Failures reported in ways that name no component: a step-level report with no host or rank
/// (Slurm's oom_kill event), and an error no extraction rule knows (log.unknown), which can still
/// be the cause of a cascade when no known failure is.
/// </summary>
public sealed class AnalyzerReportTests
{
    private const string Template = "t5e1f00dcafe12345";

    [Fact]
    public async Task Analyze_StepReportOfAnOomKillWithNoHost_JoinsTheHostsOomHypothesisWithItsTimeouts()
    {
        // slurmstepd's "Detected 1 oom_kill event in StepId=..." names no host and inherits the
        // time of the line before it, which is right where the peers' collective started: the
        // timeouts pick it as their cause. It must not take them out of the OOM hypothesis.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        run.Add("proc.oom_killed", 30.1, host: "node-002", category: SymptomCategory.Resource);
        run.Add("proc.oom_killed", 29.9, category: SymptomCategory.Resource, inferred: true, attrs: ("step", "1.0"));
        for (var r = 0; r < 32; r += 2)
        {
            run.Add("nccl.timeout", 40, rank: r, attrs: [("ran_ms", "600000")]);
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Contains(new Factor("host", "node-002"), top.Factors);
        Assert.Equal(18, top.Explains.Symptoms);
        Assert.Equal(0, analysis.Unexplained);
    }

    [Fact]
    public async Task Analyze_ErrorNoRuleKnowsOnManyRanksThenTimeouts_NamesTheTemplateAndAbsorbsTheTimeouts()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);

        // An unrelated exception earlier on another rank, in a merged output that names no host:
        // it must not hide the unknown lines of the other ranks.
        run.Add("py.exception", 2, rank: 31);
        AddUnknownErrors(run);

        for (var r = 1; r < 32; r += 2)
        {
            run.Add("nccl.timeout", 25, rank: r, attrs: [("ran_ms", "600000")]);
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("template", Template)], top.Factors);
        Assert.Equal(6 + 16, top.Explains.Symptoms);
    }

    [Fact]
    public async Task Analyze_KnownCrashAndUnknownErrorBeforeTimeouts_TimeoutsFollowTheCrash()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        AddUnknownErrors(run);

        run.Add("proc.segfault", 14.9, host: "node-004", rank: 27, severity: Severity.Critical);
        for (var r = 1; r < 32; r += 2)
        {
            run.Add("nccl.timeout", 25, rank: r, attrs: [("ran_ms", "600000")]);
        }

        var analysis = await run.AnalyzeAsync();

        var unknown = analysis.Hypotheses.Single(h => h.Factors.Contains(new Factor("template", Template)));
        Assert.Equal(6, unknown.Explains.Symptoms);
        Assert.DoesNotContain("nccl.timeout", unknown.Explains.Kinds);
    }

    [Fact]
    public async Task Analyze_UnstampedTimeoutsAndTheirAbortsAfterAnUnknownError_AllFollowTheUnknownError()
    {
        // torch 2.1: every rank's watchdog timeout and the abort that echoes it inherit one time;
        // an abort sorted after a peer's timeout must not take that timeout from the earlier cause.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        AddUnknownErrors(run);

        for (var r = 0; r < 32; r++)
        {
            run.Add("nccl.timeout", 10.5, rank: r, inferred: true, attrs: [("ran_ms", "600000")]);
            run.Add("proc.abort", 10.5, rank: r, inferred: true, attrs: ("exception", "std::runtime_error"));
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("template", Template)], top.Factors);
        Assert.Equal(6 + 64, top.Explains.Symptoms);
    }

    /// <summary>The same error no rule knows on six ranks within a second, at minute 10.</summary>
    private static void AddUnknownErrors(TestRun run)
    {
        for (var r = 0; r < 12; r += 2)
        {
            run.Add("log.unknown", 10 + (r / 600.0), rank: r, signature: Template, attrs: [("template", "ckptfs: lease renewal failed for chunk <*>")]);
        }
    }
}
