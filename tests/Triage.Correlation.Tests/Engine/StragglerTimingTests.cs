using System.Globalization;
using Triage.Symptoms;

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
        var lastSlow = TestRun.T0.AddMinutes(24.5).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        run.Add("train.straggler", 0, host: "node-002", rank: 14, gpu: 6, category: SymptomCategory.Hardware, attrs: [("last_slow_time", lastSlow)]);
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
        var lastSlow = TestRun.T0.AddMinutes(49).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        run.Add("train.straggler", 0, host: "node-002", rank: 14, gpu: 6, category: SymptomCategory.Hardware, attrs: [("last_slow_time", lastSlow)]);
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
}
