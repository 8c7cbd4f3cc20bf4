using System.Globalization;
using Triage.Hypotheses;
using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>Network failures on several hosts at once, in a run with no topology to name what they share.</summary>
public sealed class SimultaneousHostsTests
{
    [Fact]
    public async Task Analyze_LinksFlappingOnFourHostsNoTopology_OneHypothesisForTheSetNotOnePerHost()
    {
        await using var run = await TestRun.CreateAsync();
        PlaceFqdnLogs(run, hosts: 8);
        foreach (var minute in new[] { 30.0, 75.0, 140.0 })
        {
            for (var h = 4; h < 8; h++)
            {
                run.Add("net.ib_link", minute + (h * 0.005), host: TestRun.Host(h) + ".cluster.internal", category: SymptomCategory.Network);
                run.Add("nccl.net_error", minute + 0.2, host: TestRun.Host(h), rank: h * 4, category: SymptomCategory.Network);
            }
        }

        run.Add("nccl.timeout", 150, rank: 3);

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("hosts", "node-[005-008]")], top.Factors);
        Assert.Equal(SymptomCategory.Network, top.Category);
        Assert.StartsWith("Network fault shared by 4 hosts at once (node-[005-008])", top.Title, StringComparison.Ordinal);
        Assert.Contains(top.Evidence, e => e.StartsWith("3 bursts of network failures hit the same 4 hosts within", StringComparison.Ordinal) && e.Contains("No topology file says what they share", StringComparison.Ordinal));
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Any(f => f.Key == "host"));
        // Journal files named by FQDN and NCCL's short names are one host each: 8 hosts, not 12.
        Assert.Contains(top.Evidence, e => e.Contains(" of 8 hosts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_TwoHostsAtOnceNoTopology_NoSharedHypothesis()
    {
        // Two hosts in the same minute can be chance: each keeps its own hypothesis.
        await using var run = await TestRun.CreateAsync();
        PlaceFqdnLogs(run, hosts: 8);
        run.Add("net.ib_link", 30, host: TestRun.Host(1), category: SymptomCategory.Network);
        run.Add("net.ib_link", 30.1, host: TestRun.Host(6), category: SymptomCategory.Network);

        var analysis = await run.AnalyzeAsync();

        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Any(f => f.Key == "hosts"));
    }

    [Theory]
    [InlineData("node-001,node-002,node-003,node-004", "node-[001-004]")]
    [InlineData("node-004,node-001,node-002,node-007,node-008,node-009", "node-[001-002,004,007-009]")]
    [InlineData("gpu7,gpu9,login,gpu8", "gpu[7-9],login")]
    [InlineData("a1,a01", "a01,a1")]
    [InlineData("node-007", "node-007")]
    public void Compress_HostNames_SlurmHostList(string hosts, string expected)
    {
        Assert.Equal(expected, SlurmHostList.Compress(hosts.Split(',')));
    }

    private static void PlaceFqdnLogs(TestRun run, int hosts)
    {
        const int perHost = 4;
        for (var rank = 0; rank < hosts * perHost; rank++)
        {
            run.Add("meta.placement", 0.01 * rank, host: TestRun.Host(rank / perHost), rank: rank, gpu: rank % perHost, severity: Severity.Info, pid: 100 + rank,
                attrs: [("rank", rank.ToString(CultureInfo.InvariantCulture)), ("nranks", (hosts * perHost).ToString(CultureInfo.InvariantCulture))]);
        }

        // Each host's journal, named by its FQDN, says something harmless.
        for (var h = 0; h < hosts; h++)
        {
            run.Add("host.mce", 1, host: TestRun.Host(h) + ".cluster.internal", severity: Severity.Info, category: SymptomCategory.Hardware);
        }
    }
}
