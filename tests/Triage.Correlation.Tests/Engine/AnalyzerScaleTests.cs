using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>What changes when the run is large: few independent events, thousands of echoes.</summary>
public sealed class AnalyzerScaleTests
{
    [Fact]
    public async Task Analyze_OneCrashedRankAlone_LowConfidenceHypothesisWithNextCheck()
    {
        await using var run = await TestRun.CreateAsync();
        run.Add("cuda.illegal_address", 10, rank: 0);

        var analysis = await run.AnalyzeAsync();

        var h = Assert.Single(analysis.Hypotheses);
        Assert.Equal(SymptomCategory.Software, h.Category);
        Assert.Contains("single failure on rank 0", h.Title, StringComparison.Ordinal);
        Assert.True(h.Score < 0.5, $"score {h.Score}");
        Assert.Equal(1, h.Explains.RootSymptoms);
        Assert.Contains("compute-sanitizer", h.NextCheck, StringComparison.Ordinal);
        Assert.Contains(h.CounterEvidence, c => c.Contains("cannot be tested", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_CascadeOfThousandsOfEchoes_EveryPeerReportFollowsTheCrash()
    {
        // 3,000 peers time out and then abort 20 minutes after one rank crashed: far more echoes
        // between the crash and the last timeout than the linker weighs one by one.
        await using var run = await TestRun.CreateAsync();
        run.Add("cuda.illegal_address", 10, rank: 7);
        for (var r = 0; r < 3000; r++)
        {
            if (r != 7)
            {
                run.Add("nccl.timeout", 30 + (r * 0.0001), rank: r, attrs: [("ran_ms", "1200000")]);
                run.Add("proc.abort", 30.00005 + (r * 0.0001), rank: r, inferred: true, attrs: [("exception", "c10::DistBackendError")]);
            }
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal(1, top.Explains.RootSymptoms);
        Assert.Equal(1 + (2 * 2999), top.Explains.Symptoms);
        Assert.Equal(0, analysis.Unexplained);
    }

    [Fact]
    public async Task Analyze_WatchdogLinesReadAsGroups_TheirOwnRankAbortsFollowThemToTheCrash()
    {
        // Each peer's watchdog timeout comes with an info-level companion line, so the timeouts are
        // too many to read one by one, and the aborts are read as groups with them: a group has no
        // rank, so a host's group of aborts must be recognised as the echo of that host's group of
        // timeouts, or each group stands alone as a first failure (16,384 ranks: 4,094 such groups
        // outnumbered the crashes and no factor was found).
        await using var run = await TestRun.CreateAsync();
        var analysis = await AnalyzeGroupedCascadeAsync(run, "c10::DistBackendError");

        var only = Assert.Single(analysis.Hypotheses);
        Assert.Contains("rank 7", only.Title, StringComparison.Ordinal);
        Assert.Equal(1, only.Explains.RootSymptoms);
        Assert.Equal(0, analysis.Unexplained);
        Assert.Equal(1 + (3 * 49), only.Explains.Symptoms);
    }

    [Fact]
    public async Task Analyze_AbortsOfAnotherKindOnTheHost_AreNotTakenForEchoes()
    {
        // The same grouped layout, but the aborts are std::bad_alloc, not the watchdog's exception:
        // grouped by that attribute, they are not echoes of the host's timeouts.
        await using var run = await TestRun.CreateAsync();
        var analysis = await AnalyzeGroupedCascadeAsync(run, "std::bad_alloc");

        Assert.True(analysis.Unexplained > 0 || analysis.Hypotheses[0].Explains.RootSymptoms > 1, "the bad_alloc aborts were taken for watchdog echoes");
    }

    [Fact]
    public async Task Analyze_TimeoutOfTwoHours_PeersTimingOutTwoHoursLaterFollowTheCrash()
    {
        // The run set a two-hour collective timeout (Timeout(ms)=7200000): every peer's watchdog
        // fires two hours after the crash, far past the windows that assume torch's 30 minutes.
        await using var run = await TestRun.CreateAsync();
        run.Add("cuda.illegal_address", 10, host: "node-000", rank: 3);
        for (var r = 0; r < 64; r++)
        {
            if (r != 3)
            {
                run.Add("nccl.timeout", 10.2 + 120 + (r * 0.001), host: $"node-{r / 8:000}", rank: r, attrs: [("ran_ms", "7200012")]);
            }
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Contains("rank 3", top.Title, StringComparison.Ordinal);
        Assert.Equal(1, top.Explains.RootSymptoms);
        Assert.Equal(64, top.Explains.Symptoms);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(512)]
    public async Task Analyze_OneLinkDownWithNothingFailingOnItsHost_IsNotStatedWithConfidence(int hosts)
    {
        // A link going down once on one host, and later a hang the metrics show with no host: the
        // blip may be unrelated (links flap in every large cluster); 0.64 was a confident guess.
        // With 512 hosts (4,096 ranks) the same blip was a "concentration" on one host of 512, a
        // 500-fold enrichment, stated at 0.98 beside the real cause: one event is always on
        // exactly one host.
        await using var run = await TestRun.CreateAsync();
        if (hosts > 0)
        {
            run.WriteLayout(hosts);
        }

        run.Add("net.ib_link", 10, host: "node-003");
        run.Add("train.hang", 12);

        var lone = await run.AnalyzeAsync();

        var link = Assert.Single(lone.Hypotheses, h => h.Factors.Contains(new Factor("host", "node-003")));
        Assert.True(link.Score < 0.5, $"score {link.Score}");
        Assert.Contains(link.CounterEvidence, c => c.Contains("Nothing on node-003 failed after it", StringComparison.Ordinal));
        Assert.Contains(link.CounterEvidence, c => c.Contains("A single event", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_OneLinkDownFollowedByNcclErrorsOnItsHost_KeepsItsWeight()
    {
        await using var run = await TestRun.CreateAsync();
        run.Add("net.ib_link", 10, host: "node-003");
        run.Add("nccl.net_error", 10.5, host: "node-003", rank: 26);
        run.Add("train.hang", 12);

        var analysis = await run.AnalyzeAsync();

        var link = Assert.Single(analysis.Hypotheses, h => h.Factors.Contains(new Factor("host", "node-003")));
        Assert.DoesNotContain(link.CounterEvidence, c => c.Contains("Nothing on node-003 failed after it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_HostAsFqdnInTheJournalAndShortInTheRankLogs_IsOneHost()
    {
        // The kernel journal names the node by its FQDN, NCCL's and torch's lines by its short name.
        await using var run = await TestRun.CreateAsync();
        run.Add("gpu.xid", 10, host: "node-003.cluster.example", gpu: 2, severity: Severity.Critical, category: SymptomCategory.Hardware, attrs: [("xid", "79")]);
        run.Add("cuda.error", 10.05, host: "node-003", rank: 18, gpu: 2);
        for (var r = 0; r < 24; r++)
        {
            if (r != 18)
            {
                run.Add("nccl.timeout", 40 + (r * 0.001), host: $"node-{(r / 8) + 1:000}", rank: r, attrs: [("ran_ms", "1800000")]);
            }
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Contains(new Factor("host", "node-003"), top.Factors);
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Any(f => f.Value.Contains("cluster.example", StringComparison.Ordinal)));
        Assert.Equal(0, analysis.Unexplained);
    }

    [Fact]
    public async Task Analyze_CrashLineWithOnlyAnInheritedTime_StillTakesTheCascadeFromALaterLinkBlip()
    {
        // The crash line has no stamp of its own: it inherits an hour-old time (a lower bound), and
        // the next stamped line bounds it above. A link blip elsewhere, stamped, 10 minutes before
        // the stalled collective began, must not take the peers' timeouts from it.
        await using var run = await TestRun.CreateAsync();
        run.Add("cuda.illegal_address", 10, host: "node-001", rank: 3, inferred: true);
        run.Add("net.ib_link", 55, host: "node-002");
        for (var r = 0; r < 16; r++)
        {
            if (r != 3)
            {
                run.Add("nccl.timeout", 75 + (r * 0.001), host: $"node-{(r / 8) + 1:000}", rank: r, attrs: [("ran_ms", "600000")]);
            }
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Contains("rank 3", top.Title, StringComparison.Ordinal);
        Assert.Equal(16, top.Explains.Symptoms);
    }

    [Fact]
    public async Task Analyze_NanPrintedByTheLoggingRank_NoComponentFactorOfThatRank()
    {
        // Megatron prints the job's loss on its last rank: NaN losses at several steps name that rank
        // and its GPU every time, yet say nothing about them.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        foreach (var (minutes, step) in new[] { (10.0, 20), (40.0, 80), (70.0, 140), (100.0, 200) })
        {
            run.Add("train.nan", minutes, host: "node-004", rank: 31, gpu: 7, attrs: [("iteration", step.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("metric", "lm loss")]);
        }

        var analysis = await run.AnalyzeAsync();

        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Contains(new Factor("host", "node-004")) || h.Factors.Contains(new Factor("rank", "31")));
    }

    [Fact]
    public async Task Analyze_GroupedWatchdogLinesNamingOnlyTheirRank_FollowTheCrashOnTheHostTheirRankRanOn()
    {
        // torch's "[rank5]:[E…] Watchdog caught collective operation timeout" names the rank, not
        // the host; NCCL's init line placed each rank. Read as groups (too many), the timeouts and
        // the aborts after them are still each host's, so the aborts are their own ranks' echoes
        // (4,096 ranks: 8,192 host-less abort groups stood as first failures).
        await using var run = await TestRun.CreateAsync();
        run.Add("cuda.illegal_address", 10, host: "node-00", rank: 7);
        for (var r = 0; r < 50; r++)
        {
            run.Add("meta.placement", 0.5, host: $"node-{r / 8:00}", rank: r, severity: Severity.Info, pid: 1000 + r, attrs: [("nranks", "50")]);
            if (r != 7)
            {
                run.Add("nccl.timeout", 30 + (r * 0.0001), rank: r, attrs: [("ran_ms", "1200000")]);
                run.Add("nccl.timeout", 30 + (r * 0.0001), rank: r, severity: Severity.Info, attrs: [("echo", "Process group watchdog thread terminated with exception")]);
                run.Add("proc.abort", 30.00005 + (r * 0.0001), rank: r, inferred: true, attrs: [("exception", "c10::DistBackendError")]);
            }
        }

        var analysis = await run.AnalyzeAsync(a => new Analyzer(run.Store, Rules.Causal.CausalRuleSet.LoadDirectory(Path.Combine(Testing.TestRepository.Rules, "causal")), TimeProvider.System) { IndividualKindLimit = 60 });

        var only = Assert.Single(analysis.Hypotheses);
        Assert.Contains("rank 7", only.Title, StringComparison.Ordinal);
        Assert.Equal(1, only.Explains.RootSymptoms);
        Assert.Equal(0, analysis.Unexplained);

        // Every stored line is attributed to it, though the lines are stored without the host
        // their group is keyed by, and the same holds for the attribution read back from the store.
        var stored = (await run.Store.QueryAsync(new Storage.SymptomFilter { Run = run.Name }, new Storage.SymptomPageRequest { Size = 1_000 })).Items
            .Where(x => !SymptomKinds.IsFact(x.Kind)).ToList();
        Assert.Equal(1 + (3 * 49), stored.Count);
        var reread = await run.Store.GetAttributionAsync(run.Name);
        Assert.All(stored, x => Assert.Equal(only.Id, analysis.Attribution.Resolve(x)?.Hypothesis));
        Assert.All(stored, x => Assert.Equal(only.Id, reread!.Resolve(x)?.Hypothesis));
    }

    [Fact]
    public async Task Analyze_FewCrashLinesOfAnEchoKind_KeepTheirBoundsWhenTheWatchdogLinesAreGrouped()
    {
        // "Fatal Python error: Aborted" is also what a rank prints after its own watchdog abort, but
        // here it is rank 3's real crash (a double free), unstamped: it inherits an hour-old time and
        // the attempt's end bounds it. The peers' timeouts are too many to read one by one; the crash
        // line is one line and must keep its bounds, not become a stamped group an hour early that
        // leaves the cascade to a later link blip (race at 4,096 ranks).
        await using var run = await TestRun.CreateAsync();
        run.Add("py.fatal", 10, host: "node-00", rank: 3, inferred: true, attrs: [("error", "Aborted")]);
        run.Add("net.ib_link", 55, host: "node-05");
        for (var r = 0; r < 50; r++)
        {
            if (r != 3)
            {
                var host = $"node-{r / 8:00}";
                run.Add("nccl.timeout", 75 + (r * 0.0001), host: host, rank: r, attrs: [("ran_ms", "600000")]);
                run.Add("nccl.timeout", 75 + (r * 0.0001), host: host, rank: r, severity: Severity.Info, attrs: [("echo", "Process group watchdog thread terminated with exception")]);
                run.Add("proc.abort", 75.00005 + (r * 0.0001), host: host, rank: r, inferred: true, attrs: [("exception", "c10::DistBackendError")]);
            }
        }

        var analysis = await run.AnalyzeAsync(a => new Analyzer(run.Store, Rules.Causal.CausalRuleSet.LoadDirectory(Path.Combine(Testing.TestRepository.Rules, "causal")), TimeProvider.System) { IndividualKindLimit = 60 });

        var top = analysis.Hypotheses[0];
        Assert.Contains("rank 3", top.Title, StringComparison.Ordinal);
        Assert.Equal(1 + (3 * 49), top.Explains.Symptoms);
    }

    [Theory]
    [InlineData(20, 8)]
    [InlineData(20_000, 2)]
    public async Task Analyze_HangWithNoCrashAfterAVersionChange_IsTheRegressions(int individualKindLimit, int waveRoots)
    {
        // regression at 4,096 ranks x 8 h: after an NCCL update two attempts crashed (CUDA errors) and
        // a third hung, every rank timing out, erroring and aborting in the same second with no
        // crash anywhere. Too many to read one by one, each host's watchdog errors and aborts were
        // groups; the error group took its own host's abort group (the errors' echo) as a stand-in
        // cause, so the aborts could not follow their errors and both stood as first failures, and
        // those group roots were not counted after the version change: the hang went unexplained
        // (recall 0.62). Read line by line (256 ranks), the hang's first failure is a rank's watchdog
        // error, not the info-level companion line of the same second (which counted for nothing).
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n    versions: { nccl_version: 2.21.5 }\n  - start: 2026-05-02T02:00:00Z\n    versions: { nccl_version: 2.23.4 }\n  - start: 2026-05-02T03:00:00Z\n    versions: { nccl_version: 2.23.4 }\n  - start: 2026-05-02T04:00:00Z\n    versions: { nccl_version: 2.23.4 }\n");
        run.Add("cuda.error", 130, host: TestRun.Host(0), rank: 3);
        run.Add("cuda.error", 130.01, host: TestRun.Host(1), rank: 11);
        run.Add("cuda.error", 190, host: TestRun.Host(2), rank: 21);
        for (var r = 0; r < 32; r++)
        {
            var host = TestRun.Host(r / 8);
            var at = 300 + ((r % 8) * 0.001) + ((r / 8) * 0.02);
            run.Add("nccl.timeout", at, host: host, rank: r, attrs: [("ran_ms", "600143")]);
            run.Add("nccl.timeout", at, host: host, rank: r, severity: Severity.Info, attrs: [("echo", "Process group watchdog thread terminated with exception")]);
            run.Add("nccl.error", at, host: host, rank: r);
            run.Add("proc.abort", at, host: host, rank: r, inferred: true, attrs: [("exception", "c10::DistBackendError")]);
        }

        var analysis = await run.AnalyzeAsync(a => new Analyzer(run.Store, Rules.Causal.CausalRuleSet.LoadDirectory(Path.Combine(Testing.TestRepository.Rules, "causal")), TimeProvider.System) { IndividualKindLimit = individualKindLimit });

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("nccl_version", "2.23.4")], top.Factors);
        // Line by line, the last rank's info-level companion line stays unexplained (a gap of its own, not this one's).
        Assert.InRange(top.Explains.Symptoms, 3 + (4 * 32) - (individualKindLimit > 1000 ? 1 : 0), 3 + (4 * 32));
        Assert.Equal(3 + (4 * 32), top.Explains.Symptoms + analysis.Unexplained);

        // The three crash lines and the hang's first reports (one host's group of 8 watchdog errors, or
        // two ranks' lines); every host's aborts stood as first failures before (3 + 32).
        Assert.Equal(3 + waveRoots, top.Explains.RootSymptoms);

        // Counted in one unit: first failures against first failures (3 independent events), never "4 of the 3".
        Assert.All(top.Evidence.Concat(top.CounterEvidence).Select(e => System.Text.RegularExpressions.Regex.Match(e, @"(\d+) of (?:the )?(\d+) first failures")).Where(m => m.Success),
            m => Assert.True(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Value));
        var roots = individualKindLimit > 1000 ? 5 : 4; // line by line, the hang's two first lines; else its one group
        Assert.Contains(top.CounterEvidence, e => e.StartsWith($"Weak on its own: {roots} of {roots} first failures (3 independent events)", StringComparison.Ordinal));
    }

    /// <summary>
    /// Rank 7 crashes; 49 peers on 7 hosts time out with an info-level companion line each, then
    /// abort with <paramref name="exception"/>; timeouts and aborts are too many to read one by one.
    /// </summary>
    private static Task<Analysis> AnalyzeGroupedCascadeAsync(TestRun run, string exception)
    {
        run.Add("cuda.illegal_address", 10, host: "node-00", rank: 7);
        for (var r = 0; r < 50; r++)
        {
            if (r != 7)
            {
                var host = $"node-{r / 8:00}";
                run.Add("nccl.timeout", 30 + (r * 0.0001), host: host, rank: r, attrs: [("ran_ms", "1200000")]);
                run.Add("nccl.timeout", 30 + (r * 0.0001), host: host, rank: r, severity: Severity.Info, attrs: [("echo", "Process group watchdog thread terminated with exception")]);
                run.Add("proc.abort", 30.00005 + (r * 0.0001), host: host, rank: r, inferred: true, attrs: [("exception", exception)]);
            }
        }

        return run.AnalyzeAsync(a => new Analyzer(run.Store, Rules.Causal.CausalRuleSet.LoadDirectory(Path.Combine(Testing.TestRepository.Rules, "causal")), TimeProvider.System) { IndividualKindLimit = 60 });
    }
}
