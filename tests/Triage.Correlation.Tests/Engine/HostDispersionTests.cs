using Triage.Hypotheses;

namespace Triage.Correlation.Tests.Engine;

/// <summary>Whether few failures over many hosts are an even spread (the race pattern) or concentrated.</summary>
public sealed class HostDispersionTests
{
    [Fact]
    public async Task Analyze_FourCrashesOnFourOf128Hosts_SpreadEvenThoughOneHostLoggedItsCrashTwice()
    {
        // 1,024 ranks: four crashes on four hosts in two hours, one of them printed as two lines in the
        // same second. χ² against 128 tiny expected counts called that "concentrated"; one event per
        // host and second, tested by the busiest host's chance, is an even spread.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(128);
        int[] hosts = [30, 66, 112, 127];
        for (var i = 0; i < hosts.Length; i++)
        {
            run.Add("proc.segfault", 20 + (i * 25), host: TestRun.Host(hosts[i]), rank: (hosts[i] * 8) + 2, pid: 7000 + i);
        }

        run.Add("proc.segfault", 20, host: TestRun.Host(hosts[0]), rank: (hosts[0] * 8) + 2, pid: 7000);

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([Factor.Spread], top.Factors);
        Assert.Contains(top.Evidence, e => e.Contains("5 root failures (4 events", StringComparison.Ordinal) && e.Contains("even spread", StringComparison.Ordinal));
    }
}
