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

    [Fact]
    public async Task Analyze_MetricsRestartsAndNcclReinitsShowTheSameAttempts_EachStartsAtItsEarliestSign()
    {
        // The metrics' first row of an attempt comes minutes after its processes initialised NCCL;
        // lines logged in between (the new NCCL banner) belong to the new attempt.
        await using var run = await TestRun.CreateAsync();
        run.Add("meta.attempt", 3, severity: Severity.Info, attrs: [("attempt", "0"), ("source", "step counter went back")]);
        run.Add("meta.attempt", 124, severity: Severity.Info, attrs: [("attempt", "1"), ("source", "step counter went back")]);
        for (var rank = 0; rank < 8; rank++)
        {
            run.Add("meta.placement", 0.5, host: TestRun.Host(rank / 4), rank: rank, severity: Severity.Info, pid: 1000 + rank, attrs: [("nranks", "8")]);
            run.Add("meta.placement", 121, host: TestRun.Host(rank / 4), rank: rank, severity: Severity.Info, pid: 2000 + rank, attrs: [("nranks", "8")]);
        }

        var analyzer = default(Analyzer);
        await run.AnalyzeAsync(a => analyzer = a);

        var starts = analyzer!.LastInputs.Facts!.Attempts.Select(a => a.Start).ToList();
        Assert.Equal([TestRun.T0.AddMinutes(0.5), TestRun.T0.AddMinutes(121)], starts);
    }

    [Fact]
    public async Task Analyze_StamplessVersionBannersInRankFileWithOneProcessPerAttempt_EachVersionInItsProcessAttempt()
    {
        // srun --output=%j-%t.log, torch 2.1: nothing in the rank files has a stamp; the metrics show
        // three attempts; NCCL's banner changes in the second process of rank 0's file.
        await using var run = await TestRun.CreateAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            run.Add("meta.attempt", attempt * 60, severity: Severity.Info, attrs: [("attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("source", "step counter went back")]);
            var pid = 100 * (attempt + 1);
            if (attempt < 2)
            {
                var banner = run.Add("meta.version", 0, host: TestRun.Host(0), severity: Severity.Info, pid: pid, attrs: [("component", "nccl"), ("version", attempt == 0 ? "2.18.6+cuda12.1" : "2.19.3+cuda12.1")]);
                run.Replace(banner, banner with { Timestamp = null, Source = new SymptomSource("out/77-0.log", (attempt * 3) + 1, attempt * 300) });
            }

            var init = run.Add("meta.placement", 0, host: TestRun.Host(0), rank: 0, severity: Severity.Info, pid: pid, attrs: [("nranks", "32")]);
            run.Replace(init, init with { Timestamp = null, Source = new SymptomSource("out/77-0.log", (attempt * 3) + 2, (attempt * 300) + 100) });
        }

        for (var i = 0; i < 6; i++)
        {
            run.Add("nccl.error", 70 + (i * 15), host: TestRun.Host(i % 4), rank: (i * 5) % 32);
        }

        var analysis = await run.AnalyzeAsync();

        Assert.True(analysis.Hypotheses.Any(h => h.Factors.Contains(new Factor("nccl_version", "2.19.3"))), string.Join(" | ", analysis.Hypotheses.Select(h => h.Title + " " + string.Join(",", h.Factors))));
    }

    [Fact]
    public async Task Analyze_OneNcclFailureAfterAnNcclUpdate_OffersTheUpdateAsWeakEvidence()
    {
        // A long run may fail once in all: the one failure, in NCCL, in the first attempt on the new
        // NCCL, is the only thing an engineer can go on, and it is offered as exactly that.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n    versions: { nccl_version: 2.21.5 }\n  - start: 2026-05-02T02:00:00Z\n    versions: { nccl_version: 2.23.4 }\n");
        run.Add("cuda.error", 145, host: TestRun.Host(2), rank: 19, message: "transport/nvls.cc:158 NCCL WARN Cuda failure 1 'invalid argument'");

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("nccl_version", "2.23.4")], top.Factors);
        Assert.Contains(top.CounterEvidence, e => e.StartsWith("Weak on its own: 1 of 1 first failure (1 independent event)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_OneFailureOutsideTheUpdatedComponent_IsNotBlamedOnTheUpdate()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n    versions: { nccl_version: 2.21.5 }\n  - start: 2026-05-02T02:00:00Z\n    versions: { nccl_version: 2.23.4 }\n");
        run.Add("py.exception", 145, host: TestRun.Host(2), rank: 19, message: "KeyError: 'input_ids'");

        var analysis = await run.AnalyzeAsync();

        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Any(f => f.Key == "nccl_version"));
        Assert.StartsWith("A single failure", analysis.Hypotheses[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_NoRunYaml_OneStatedAttemptNumberInsideARestart_ReinitsStillSplitTheAttempts()
    {
        // A metrics row saying "attempt 1" 25 minutes into that attempt is not when it began; the
        // ranks' own NCCL re-inits (new pids) are, and the version printed at the restart belongs
        // to the attempt it began.
        await using var run = await TestRun.CreateAsync();
        foreach (var (start, pidBase) in new[] { (0.0, 1000), (120.0, 2000), (160.0, 3000) })
        {
            for (var rank = 0; rank < 8; rank++)
            {
                run.Add("meta.placement", start + (rank * 0.01), host: TestRun.Host(rank / 4), rank: rank, gpu: rank % 4, severity: Severity.Info, pid: pidBase + rank,
                    attrs: [("rank", rank.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("nranks", "8")]);
            }

            run.Add("meta.version", start + 0.5, host: TestRun.Host(0), severity: Severity.Info, inferred: true, pid: pidBase,
                attrs: [("component", "nccl"), ("version", start == 0 ? "2.21.5+cuda12.4" : "2.23.4+cuda12.4")]);
        }

        run.Add("nccl.error", 140, host: TestRun.Host(1), rank: 6);
        run.Add("train.hang", 145, severity: Severity.Error, attrs: [("attempt", "1"), ("stalled_s", "300")]);

        var analysis = await run.AnalyzeAsync();

        Assert.True(analysis.Hypotheses.Any(h => h.Factors.Contains(new Factor("nccl_version", "2.23.4"))), string.Join(" | ", analysis.Hypotheses.Select(h => h.Title + " " + string.Join(",", h.Factors))));
    }
}
