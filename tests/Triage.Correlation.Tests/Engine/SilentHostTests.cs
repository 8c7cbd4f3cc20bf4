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

    private static void Place(TestRun run)
    {
        for (var rank = 0; rank < Hosts * RanksPerHost; rank++)
        {
            run.Add("meta.placement", 0.01 * rank, host: TestRun.Host(rank / RanksPerHost), rank: rank, gpu: rank % RanksPerHost, severity: Severity.Info, pid: 100 + rank,
                attrs: [("rank", rank.ToString(CultureInfo.InvariantCulture)), ("nranks", (Hosts * RanksPerHost).ToString(CultureInfo.InvariantCulture))]);
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
