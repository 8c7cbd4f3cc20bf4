using System.Globalization;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>A job-wide timeout reported by every host's ranks but one's: the silent host is where it stalled.</summary>
public sealed class SilentHostTests
{
    private const int Hosts = 8;
    private const int RanksPerHost = 4;

    [Fact]
    public async Task Analyze_EveryHostButOneReportsTheTimeout_NamesTheSilentHost()
    {
        await using var run = await TestRun.CreateAsync();
        Place(run);
        Wave(run, silent: [5]);

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("host", TestRun.Host(5))], top.Factors);
        Assert.StartsWith($"Host {TestRun.Host(5)} stopped answering", top.Title, StringComparison.Ordinal);
        Assert.Contains(top.Evidence, e => e.Contains($"the ranks of 7 of its 8 hosts reported it; {TestRun.Host(5)} said nothing.", StringComparison.Ordinal));
        Assert.DoesNotContain(top.Evidence, e => e.Contains("first failures of the kinds it explains", StringComparison.Ordinal));
        Assert.Null(top.Contrast);
    }

    [Fact]
    public async Task Analyze_SilentInTheLogsButSrunSawItsTasksAbort_IsNotNamed()
    {
        // 4,096 ranks: one host's rank files end after NCCL init, yet srun reports its tasks aborted
        // like every other host's ("srun: error: node-360: tasks 2872-2879: Aborted (core dumped)",
        // no time). Its processes lived to take the watchdog's abort; only its logs are missing.
        await using var run = await TestRun.CreateAsync();
        Place(run);
        Wave(run, silent: [5]);
        for (var host = 0; host < Hosts; host++)
        {
            var exit = run.Add("job.task_exit", 75, severity: Severity.Error, category: SymptomCategory.Software,
                message: $"srun: error: {TestRun.Host(host)}: tasks {host * RanksPerHost}-{(host * RanksPerHost) + RanksPerHost - 1}: Aborted (core dumped)",
                attrs: [("failed_host", TestRun.Host(host)), ("reason", "Aborted"), ("signal", "SIGABRT")]);
            run.Replace(exit, exit with { Timestamp = null });
        }

        var analysis = await run.AnalyzeAsync();

        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Contains(new Factor("host", TestRun.Host(5))));
    }

    [Fact]
    public async Task Analyze_TwoHostsSilent_NamesNeither()
    {
        // Two silent hosts cannot be told apart (one may only have had its logs left behind).
        await using var run = await TestRun.CreateAsync();
        Place(run);
        Wave(run, silent: [2, 5]);

        var analysis = await run.AnalyzeAsync();

        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Any(f => f.Key == "host" && (f.Value == TestRun.Host(2) || f.Value == TestRun.Host(5))));
    }

    [Fact]
    public async Task Analyze_TwoHostsSilent_TheOneSlurmDeclaredFailed_IsNamed()
    {
        await using var run = await TestRun.CreateAsync();
        Place(run);
        Wave(run, silent: [2, 5]);
        var nodeFailure = run.Add("job.node_fail", 0, host: TestRun.Host(5), severity: Severity.Critical, message: "srun: error: Node failure on " + TestRun.Host(5));
        run.Replace(nodeFailure, nodeFailure with { Timestamp = null }); // srun's line has no time

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("host", TestRun.Host(5))], top.Factors);
        Assert.Contains(top.Evidence, e => e.Contains("said nothing and the scheduler declared it failed (1 other host was silent too, but nothing else names it)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_TwoHostsSilent_TheOneSinfoListsAsDrained_IsNamedWithItsReason()
    {
        // No srun line (a pdsh or mpirun launch): what names the host is the on-call's saved 'sinfo -R',
        // a warning three minutes before the stall with the reason the admin gave.
        await using var run = await TestRun.CreateAsync();
        Place(run);
        Wave(run, silent: [2, 5]);
        run.Add("job.node_fail", 57, host: TestRun.Host(5), severity: Severity.Warning, category: SymptomCategory.Hardware, attrs: [("node", TestRun.Host(5)), ("reason", "maint: PSU replace"), ("user", "root")]);

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("host", TestRun.Host(5))], top.Factors);
        Assert.Contains(top.Evidence, e => e.Contains("said nothing and the scheduler declared it failed (maint: PSU replace) (1 other host", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_WaveOpenedByOneHostsTransportError_DoesNotBlameTheSilentHost()
    {
        // A NIC failure after a restart at 1,024 ranks: NCCL on host 3 got completion errors, every
        // other rank timed out in the same minute but host 5's (its ranks had been killed). The transport error names its
        // own link; the silence of host 5 explains nothing the error does not.
        await using var run = await TestRun.CreateAsync();
        Place(run);
        var error = run.Add("nccl.net_error", 69.9, host: TestRun.Host(3), rank: 13, severity: Severity.Error, category: SymptomCategory.Network,
            attrs: [("status", "12"), ("opcode", "0")]);
        Wave(run, silent: [5]);

        var analysis = await run.AnalyzeAsync();

        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Contains(new Factor("host", TestRun.Host(5))));
        Assert.Equal(analysis.Hypotheses[0].Id, analysis.Attribution.Resolve(error)?.Hypothesis);
    }

    [Fact]
    public async Task Analyze_Torch24WaveAfterTheStepCounterStopped_NamesTheDeclaredSilentHost()
    {
        // The shape of a 256-rank Slurm + torchrun run (torch 2.4 lines) whose node was powered off:
        // the step counter stops, ten minutes later every other rank logs only the watchdog's
        // companions ("Timeout at NCCL work", "Some NCCL operations have failed") and its terminate,
        // each rank's lines a fraction of a second apart. Each abort can explain a peer's timeout
        // logged a moment before it (clock skew), so the links went round in a loop longer than the
        // linker's look-back and the whole wave had no first failure; and the wave opens ten minutes
        // after the hang, so it was never tested for a silent host.
        const int hosts = 32, perHost = 8, silentHost = 14, ranks = hosts * perHost;
        await using var run = await TestRun.CreateAsync();
        Place(run, hosts, perHost);
        run.Add("train.hang", 60, severity: Severity.Error, category: SymptomCategory.Software, attrs: [("step", "2112")]);
        var nodeFailure = run.Add("job.node_fail", 0, host: TestRun.Host(silentHost), severity: Severity.Critical, message: "srun: error: Node failure on " + TestRun.Host(silentHost));
        run.Replace(nodeFailure, nodeFailure with { Timestamp = null });
        // Ranks log in an order unrelated to their number, into one file; each rank's lines share one stamp.
        var order = Enumerable.Range(0, ranks).Where(r => r / perHost is not (silentHost or 3)) // host 3 is silent too, but nothing names it
            .Select(r => (Rank: r, At: 70 + (((r * 37) % ranks) * 0.0004))).OrderBy(x => x.At);
        foreach (var (rank, at) in order)
        {
            var host = TestRun.Host(rank / perHost);
            var rankText = rank.ToString(CultureInfo.InvariantCulture);
            (string, string)[] echo = [("rank", rankText), ("seq", "2112"), ("echo", "Process group watchdog thread terminated with exception"), ("timeout_ms", "600000"), ("ran_ms", "600100")];
            run.Add("nccl.timeout", at, host: host, rank: rank, severity: Severity.Info, attrs: [("rank", rankText), ("seq", "2112")]);
            run.Add("nccl.error", at, host: host, rank: rank, severity: Severity.Warning, attrs: [("rank", rankText)]);
            run.Add("nccl.timeout", at, host: host, rank: rank, severity: Severity.Info, attrs: echo);
            // The terminate and the what() copy have no stamp of their own: they inherit the rank's.
            run.Add("proc.abort", at, host: host, rank: rank, inferred: true, attrs: [("exception", "c10::DistBackendError")]);
            run.Add("nccl.timeout", at, host: host, rank: rank, severity: Severity.Info, inferred: true, attrs: echo);
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("host", TestRun.Host(silentHost))], top.Factors);
        Assert.True(top.Explains.Symptoms >= (ranks - (2 * perHost)) * 5, $"explains {top.Explains.Symptoms}");
    }

    [Fact]
    public async Task Analyze_StamplessWaveAndALinkBlipAfterTheStall_NamesTheDeclaredSilentHost()
    {
        // Per-rank files with no stamp on any line (srun --output=%t, torch 2.1): every report of the
        // wave only lies somewhere before the last stamped line, a link blip 18 minutes after the
        // step counter stopped. Each rank's "Some NCCL operations have failed" does not say how long
        // it waited, and a blip logged after the stall was reported could take the whole wave.
        await using var run = await TestRun.CreateAsync();
        Place(run);
        run.Add("train.hang", 60, severity: Severity.Error, category: SymptomCategory.Software, attrs: [("last_step", "350")]);
        var nodeFailure = run.Add("job.node_fail", 0, host: TestRun.Host(5), severity: Severity.Critical, message: "srun: error: Node failure on " + TestRun.Host(5));
        run.Replace(nodeFailure, nodeFailure with { Timestamp = null });
        for (var rank = 0; rank < Hosts * RanksPerHost; rank++)
        {
            if (rank / RanksPerHost is not (5 or 2))
            {
                var host = TestRun.Host(rank / RanksPerHost);
                run.Add("nccl.timeout", 1, host: host, rank: rank, inferred: true, attrs: [("timeout_ms", "600000"), ("ran_ms", "600100")]);
                run.Add("nccl.error", 1, host: host, rank: rank, inferred: true);
                run.Add("proc.abort", 1, host: host, rank: rank, inferred: true);
            }
        }

        run.Add("net.ib_link", 78, host: TestRun.Host(3));

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("host", TestRun.Host(5))], top.Factors);
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Explains.Kinds.Contains("net.ib_link") && h.Explains.Symptoms > 10);
    }

    [Fact]
    public async Task Analyze_OneHostsReportsInheritedALaterStamp_IsNotSilent()
    {
        // 1,024 ranks, torch 2.1, no stamps on the watchdog lines: each host's reports inherit the
        // last stamped line before them. On most hosts that is the restart banner (minute 70); on the
        // host whose last rank logs the iterations it is an iteration line 25 minutes later. Both are
        // lower bounds below the SIGTERM lines stamped at minute 100: that host reported too.
        await using var run = await TestRun.CreateAsync();
        Place(run);
        for (var rank = 0; rank < Hosts * RanksPerHost; rank++)
        {
            var host = rank / RanksPerHost;
            run.Add("nccl.timeout", host == 5 ? 95 : 70, host: TestRun.Host(host), rank: rank, inferred: true,
                attrs: [("timeout_ms", "600000"), ("ran_ms", "600100"), ("op", "ALLREDUCE")]);
        }

        run.Add("torch.sigterm", 100, host: TestRun.Host(0), severity: Severity.Warning);

        var analysis = await run.AnalyzeAsync();

        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Contains(new Factor("host", TestRun.Host(5))));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Analyze_HostWithNoRankPlacedInTheAttempt_IsNotSilentInIt(bool placedInSecondAttempt)
    {
        // A restarted run: host 5's log stops after the first attempt (copied early, or the host left
        // the job). In the second attempt's wave it says nothing, like a host that died, but NCCL
        // placed no rank on it in that attempt: its silence there says nothing.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(Hosts, RanksPerHost, "attempts:\n  - start: 2026-05-02T00:00:00Z\n    versions: { nccl_version: 2.21.5 }\n"
            + "  - start: 2026-05-02T00:50:00Z\n    versions: { nccl_version: 2.21.5 }\n");
        Place(run);
        for (var rank = 0; rank < Hosts * RanksPerHost; rank++)
        {
            if (rank / RanksPerHost != 5 || placedInSecondAttempt)
            {
                run.Add("meta.placement", 51 + (0.01 * rank), host: TestRun.Host(rank / RanksPerHost), rank: rank, gpu: rank % RanksPerHost, severity: Severity.Info, pid: 1000 + rank,
                    attrs: [("rank", rank.ToString(CultureInfo.InvariantCulture)), ("nranks", (Hosts * RanksPerHost).ToString(CultureInfo.InvariantCulture))]);
            }
        }

        Wave(run, silent: [5]);

        var analysis = await run.AnalyzeAsync();

        Assert.Equal(placedInSecondAttempt, analysis.Hypotheses.Any(h => h.Factors.Contains(new Factor("host", TestRun.Host(5)))));
    }

    private static void Place(TestRun run, int hosts = Hosts, int perHost = RanksPerHost)
    {
        for (var rank = 0; rank < hosts * perHost; rank++)
        {
            run.Add("meta.placement", 0.01 * rank, host: TestRun.Host(rank / perHost), rank: rank, gpu: rank % perHost, severity: Severity.Info, pid: 100 + rank,
                attrs: [("rank", rank.ToString(CultureInfo.InvariantCulture)), ("nranks", (hosts * perHost).ToString(CultureInfo.InvariantCulture))]);
        }
    }

    private static void Wave(TestRun run, int[] silent)
    {
        for (var rank = 0; rank < Hosts * RanksPerHost; rank++)
        {
            if (!silent.Contains(rank / RanksPerHost))
            {
                run.Add("nccl.timeout", 70 + (0.01 * rank), host: TestRun.Host(rank / RanksPerHost), rank: rank,
                    attrs: [("timeout_ms", "600000"), ("ran_ms", "600100"), ("op", "ALLREDUCE")]);
            }
        }
    }
}
