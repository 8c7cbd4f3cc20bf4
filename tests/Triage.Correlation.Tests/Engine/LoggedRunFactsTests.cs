using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>Run facts from the logs alone (no run.yaml): attempts and versions feed the version-change detector.</summary>
public sealed class LoggedRunFactsTests
{
    [Fact]
    public async Task Analyze_NoRunYaml_RestartWithNewNcclVersion_FailuresFollowTheNewVersion()
    {
        await using var run = await TestRun.CreateAsync();
        for (var node = 0; node < 4; node++)
        {
            // torchelastic's restart_count per node agent, the NCCL banner in each attempt
            run.Add("meta.attempt", 0 + (node * 0.01), host: TestRun.Host(node), severity: Severity.Info, attrs: [("attempt", "0")]);
            run.Add("meta.version", 0.5, host: TestRun.Host(node), severity: Severity.Info, attrs: [("component", "nccl"), ("version", "2.18.1+cuda12.1")]);
            run.Add("meta.attempt", 120 + (node * 0.01), host: TestRun.Host(node), severity: Severity.Info, attrs: [("attempt", "1")]);
            run.Add("meta.version", 120.5, host: TestRun.Host(node), severity: Severity.Info, attrs: [("component", "nccl"), ("version", "2.19.3+cuda12.2")]);
        }

        for (var i = 0; i < 6; i++)
        {
            run.Add("nccl.error", 130 + (i * 15), host: TestRun.Host(i % 4), rank: (i * 5) % 32);
        }

        var analysis = await run.AnalyzeAsync();

        Assert.True(analysis.Hypotheses.Any(h => h.Factors.Contains(new Factor("nccl_version", "2.19.3"))), string.Join(" | ", analysis.Hypotheses.Select(h => h.Title + " " + string.Join(",", h.Factors)))); // the key run metadata uses, the release without its +cuda build tag
    }

    [Fact]
    public async Task Analyze_RunYaml_StamplessVersionBannerOfTheNextAttempt_DoesNotOverruleTheEarlierAttempt()
    {
        // NCCL's banner has no stamp: in a per-node file that spans a restart it inherits the last
        // stamped line of the previous attempt. run.yaml's attempt 0 must keep its own version, or
        // the version change it records disappears.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n    versions: { nccl_version: 2.18.1 }\n  - start: 2026-05-02T02:00:00Z\n    versions: { nccl_version: 2.19.3 }\n");
        for (var node = 0; node < 4; node++)
        {
            run.Add("meta.version", 119.9, host: TestRun.Host(node), severity: Severity.Info, inferred: true, attrs: [("component", "nccl"), ("version", "2.19.3+cuda12.2")]);
        }

        for (var i = 0; i < 6; i++)
        {
            run.Add("nccl.error", 130 + (i * 15), host: TestRun.Host(i % 4), rank: (i * 5) % 32);
        }

        var analysis = await run.AnalyzeAsync();

        Assert.True(analysis.Hypotheses.Any(h => h.Factors.Contains(new Factor("nccl_version", "2.19.3"))), string.Join(" | ", analysis.Hypotheses.Select(h => h.Title + " " + string.Join(",", h.Factors))));
    }
}
