using System.Globalization;
using Triage.Correlation.Engine;
using Triage.Rules.Causal;
using Triage.Symptoms;
using Triage.Testing;

namespace Triage.Correlation.Tests.Engine;

/// <summary>Which failure a job-wide stall's timeouts follow when a throttled GPU and a link blip both could explain them.</summary>
public sealed class StragglerTimingTests
{
    [Fact]
    public async Task Analyze_StragglerSlowUntilTheStallAndAnEarlierLinkFlap_TimeoutsFollowTheStraggler()
    {
        // The straggler's onset is 25 minutes before the stall, a lone link flap elsewhere 20
        // minutes before it; but the straggler was still slow right up to the stall.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        AddStraggler(run, lastSlowMinute: 24.5);
        run.Add("net.ib_link", 5, host: "node-003");
        for (var r = 0; r < 32; r++)
        {
            if (r != 14)
            {
                run.Add("nccl.timeout", 35, rank: r, attrs: [("ran_ms", "600000")]);
            }
        }

        var analysis = await run.AnalyzeAsync();

        var straggler = analysis.Hypotheses.Single(h => h.Explains.Kinds.Contains("train.straggler"));
        Assert.Equal(1, straggler.Rank);
        Assert.Equal(32, straggler.Explains.Symptoms);
    }

    [Fact]
    public async Task Analyze_StampedStallAndALinkBlipWhileTheWatchdogWaited_TimeoutsFollowTheStraggler()
    {
        // A 256-rank torch 2.1 run (no stamps on the watchdog lines): the straggler was slow up to
        // minute 49, the step counter stopped at 50, the ten-minute watchdog fired at 60 and the job
        // was torn down; a link on another host blipped at 62. The timeouts inherit minute 50 and
        // are bounded by the next stamped line at 80 (the restart): placed "right before the upper
        // bound", their stall would have begun at 70, nearer the blip than the straggler's last slow
        // step. The metrics say when it began: 50.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        AddStraggler(run, lastSlowMinute: 49);
        run.Add("train.hang", 50, severity: Severity.Error, category: SymptomCategory.Software, attrs: [("last_step", "351"), ("stalled_s", "619")]);
        for (var r = 0; r < 32; r++)
        {
            if (r != 14)
            {
                run.Add("nccl.timeout", 50, rank: r, inferred: true, attrs: [("ran_ms", "600062"), ("timeout_ms", "600000")]);
            }
        }

        run.Add("net.ib_link", 62, host: "node-004");
        run.Add("job.cancelled", 80);

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Contains("train.straggler", top.Explains.Kinds);
        Assert.Contains("nccl.timeout", top.Explains.Kinds);
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Explains.Kinds.Contains("net.ib_link") && h.Explains.Kinds.Contains("nccl.timeout"));
    }

    [Fact]
    public void Link_ReportKnownOnlyWithinBounds_NoCauseLoggedAfterTheStallWasReported()
    {
        // A stampless "Some NCCL operations have failed" (no wait of its own; its run's watchdog
        // lines say 10 minutes) lies between minute 1 and its file's last stamped line, a link
        // blip at 78. The step counter stopped at 60, so the report came about 70: the blip, 8
        // minutes later, did not stall it.
        var rules = CausalRuleSet.LoadDirectory(Path.Combine(TestRepository.Rules, "causal"));
        var peerReported = rules.Rules.Where(r => r.Scope == CausalScope.Run && r.Effect.Attrs.Count == 0).SelectMany(r => r.Effect.ConcreteKinds()).ToHashSet(StringComparer.Ordinal);
        var timeout = Observe("nccl.timeout", 1, inferred: true, rank: 3, ("ran_ms", "600100"));
        var error = Observe("nccl.error", 1, inferred: true, rank: 4);
        var hang = Observe("train.hang", 60, inferred: false, rank: null);
        var blip = Observe("net.ib_link", 78, inferred: false, rank: null);
        timeout.NotAfter = error.NotAfter = TestRun.T0.AddMinutes(78);
        List<Observation> observations = [timeout, error, hang, blip];

        CollateralLinker.Link(observations, rules, peerReported);

        Assert.NotEqual(3, error.Parent);
        Assert.NotEqual(3, timeout.Parent);
    }

    [Fact]
    public async Task Analyze_StragglersLaterSlowStepsAsRowsOfTheirOwn_AreTheOneEventNotACascade()
    {
        // The metrics analysis writes a straggler once, then each later slow step as a row with
        // `straggler_step` (the step it was found at). Those rows are that event's evidence: the
        // hypothesis explains them, they are not first failures, and they add nothing to the score
        // as a cascade would.
        async Task<(Triage.Hypotheses.Hypothesis Straggler, int Hypotheses)> AnalyzeAsync(int laterSteps)
        {
            await using var run = await TestRun.CreateAsync();
            run.WriteLayout(4);
            run.Add("train.straggler", 0, rank: 14, category: SymptomCategory.Hardware, attrs: [("step", "100"), ("attempt", "0"), ("slow_steps", "30")]);
            for (var k = 1; k <= laterSteps; k++)
            {
                run.Add("train.straggler", k, rank: 14, severity: Severity.Warning, category: SymptomCategory.Hardware,
                    attrs: [("step", (100 + (10 * k)).ToString(CultureInfo.InvariantCulture)), ("attempt", "0"), ("straggler_step", "100"), ("slowdown", "1.50")]);
            }

            run.Add("net.ib_link", 5, host: "node-003");
            var analysis = await run.AnalyzeAsync();
            return (analysis.Hypotheses.Single(h => h.Explains.Kinds.Contains("train.straggler")), analysis.Hypotheses.Count);
        }

        var alone = await AnalyzeAsync(0);
        var withSteps = await AnalyzeAsync(29);

        Assert.Equal(30, withSteps.Straggler.Explains.Symptoms);
        Assert.Equal(1, withSteps.Straggler.Explains.RootSymptoms);
        Assert.Equal(alone.Hypotheses, withSteps.Hypotheses);
        Assert.Equal(alone.Straggler.Score, withSteps.Straggler.Score);
        Assert.Contains(withSteps.Straggler.Evidence, e => e.StartsWith("29 later rows record the same event step by step", StringComparison.Ordinal));
        Assert.DoesNotContain(withSteps.Straggler.Evidence, e => e.Contains("absorbed as collateral", StringComparison.Ordinal));
    }

    /// <summary>Rank 14 (GPU 6 of node-002) slow from minute 0 to <paramref name="lastSlowMinute"/>.</summary>
    private static void AddStraggler(TestRun run, double lastSlowMinute)
    {
        var lastSlow = TestRun.T0.AddMinutes(lastSlowMinute).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        run.Add("train.straggler", 0, host: "node-002", rank: 14, gpu: 6, category: SymptomCategory.Hardware, attrs: [("last_slow_time", lastSlow)]);
    }

    private static Observation Observe(string kind, double minutes, bool inferred, int? rank, params (string Key, string Value)[] attrs)
    {
        var s = new Symptom
        {
            Id = kind + "-" + minutes.ToString(CultureInfo.InvariantCulture),
            Run = "r",
            Timestamp = TestRun.T0.AddMinutes(minutes),
            TimeInferred = inferred,
            Host = kind == "net.ib_link" ? "node-004" : "node-001",
            Rank = rank,
            Kind = kind,
            Category = SymptomKinds.All.First(k => k.Name == kind).DefaultCategory,
            Severity = Severity.Error,
            Signature = kind,
            Message = kind,
            Source = new SymptomSource("a.log", (int)minutes, 0),
            Rule = "t",
            Attrs = attrs.ToDictionary(a => a.Key, a => a.Value),
        };
        return new Observation(s, 1, s.Timestamp, isGroup: false);
    }
}
