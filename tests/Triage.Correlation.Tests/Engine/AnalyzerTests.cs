using System.Globalization;
using System.Text;
using Triage.Collectors.Collection;
using Triage.Hypotheses;
using Triage.Rules;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

public sealed class AnalyzerTests
{
    private const int Hosts = 8;
    private const int RanksPerHost = 8;
    private const int World = Hosts * RanksPerHost;
    private const int Steps = 240;

    [Fact]
    public async Task Analyze_FatalXidOnOneGpu_BlamesThatGpuAndAbsorbsTheCascade()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        run.Add("gpu.xid", 0, host: "node-004", gpu: 2, severity: Severity.Warning, attrs: [("xid", "13"), ("meaning", "Graphics Engine Exception")]);
        run.Add("gpu.xid", 60, host: "node-002", gpu: 5, severity: Severity.Critical, attrs: [("xid", "79"), ("meaning", "GPU has fallen off the bus")]);
        run.Add("gpu.lost", 60.01, host: "node-002", severity: Severity.Critical, attrs: [("pci", "0000:68:00")]);
        for (var r = 0; r < 32; r++)
        {
            if (r != 13)
            {
                run.Add("nccl.timeout", 70 + (r * 0.001), rank: r);
                run.Add("torch.sigterm", 71, host: TestRun.Host(r / 8), rank: r);
            }
        }

        run.Add("job.cancelled", 72);
        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal(SymptomCategory.Hardware, top.Category);
        Assert.Contains(new Factor("host", "node-002"), top.Factors);
        Assert.Contains(new Factor("gpu", "5"), top.Factors);
        Assert.Contains("nccl.timeout", top.Explains.Kinds);
        Assert.InRange(top.Explains.RootSymptoms, 1, 2); // gpu.lost may be read as an echo of the Xid
        Assert.Equal(2 + 31 + 31 + 1, top.Explains.Symptoms);
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Contains(new Factor("host", "node-004")) && h.Rank == 1);
        Assert.Contains(top.Evidence, e => e.Contains("collateral", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(top.NextCheck));
    }

    [Fact]
    public async Task Analyze_CrashesOfSeveralKindsOnOneDataShard_NamesTheShardAndSaysItFollowsTheData()
    {
        await using var run = await TestRun.CreateAsync();
        var bad = WriteManifest(run, seed: 11);
        var random = new Random(5);
        var kinds = new[] { "cuda.illegal_address", "cuda.illegal_address", "proc.segfault", "train.nan", "cuda.illegal_address", "proc.segfault", "cuda.illegal_address", "train.nan" };
        var incidents = bad.OrderBy(_ => random.Next()).Take(kinds.Length).OrderBy(x => x.Step).ToList();
        for (var i = 0; i < incidents.Count; i++)
        {
            var (rank, step) = incidents[i];
            AddIncident(run, kinds[i], rank, step);
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("data_shard", "web-0042")], top.Factors);
        Assert.Equal(SymptomCategory.Software, top.Category);
        Assert.Equal(incidents.Count, top.Explains.RootSymptoms);
        Assert.Contains("cuda.illegal_address", top.Explains.Kinds);
        Assert.Contains("proc.segfault", top.Explains.Kinds);
        Assert.Contains("train.nan", top.Explains.Kinds);
        Assert.Contains("nccl.timeout", top.Explains.Kinds);
        Assert.Contains(top.Evidence, e => e.Contains("follows the data", StringComparison.Ordinal));
        Assert.True(top.Score > 0.9, $"score {top.Score}");
        Assert.DoesNotContain(analysis.Hypotheses.Skip(1), h => h.Score > top.Score);
    }

    [Fact]
    public async Task Analyze_RandomCrashesWithNoSharedFactor_NamesTheSpreadAndBlamesNoHost()
    {
        await using var run = await TestRun.CreateAsync();
        WriteManifest(run, seed: 3);
        var random = new Random(9);
        var kinds = new[] { "proc.segfault", "cuda.illegal_address" };
        for (var i = 0; i < 10; i++)
        {
            AddIncident(run, kinds[i % 2], random.Next(World), 10 + (i * 22));
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([Factor.Spread], top.Factors); // the even spread is tested and named, not just "nothing found"
        Assert.Equal(SymptomCategory.Software, top.Category);
        Assert.Equal(10, top.Explains.RootSymptoms);
        Assert.Contains(top.Evidence, e => e.Contains("even spread", StringComparison.Ordinal));
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Any(f => f.Key is "host" or "data_shard"));
    }

    [Fact]
    public async Task Analyze_MoreDataAndVotes_KeepTheHypothesisIdAndItsVotes()
    {
        await using var run = await TestRun.CreateAsync();
        var bad = WriteManifest(run, seed: 11);
        foreach (var (rank, step) in bad.Take(4))
        {
            AddIncident(run, "cuda.illegal_address", rank, step);
        }

        var first = await run.AnalyzeAsync();
        var id = first.Hypotheses[0].Id;
        await run.Store.VoteAsync(run.Name, id, "alice", -1);
        await run.Store.VoteAsync(run.Name, id, "bob", +1);
        await run.Store.VoteAsync(run.Name, id, "alice", +1);

        foreach (var (rank, step) in bad.Skip(4).Take(3))
        {
            AddIncident(run, "proc.segfault", rank, step);
        }

        var second = await run.AnalyzeAsync();
        Assert.Equal(id, second.Hypotheses[0].Id);
        Assert.True(second.Hypotheses[0].Explains.RootSymptoms > first.Hypotheses[0].Explains.RootSymptoms);
        var stored = await run.Store.GetHypothesesAsync(run.Name);
        Assert.Equal(id, stored[0].Id);
        Assert.Equal(new VoteTally(2, 0), stored[0].Votes);
    }

    [Fact]
    public async Task Analyze_OneDeviceAssertWithAManifest_NamesTheDataItWasReadingUntested()
    {
        // One crash cannot be tested against any factor, but the manifest says what the rank was
        // reading: the shard and batch are named (untested) so the data can be checked, and the
        // next check says what an indexing assert usually is.
        await using var run = await TestRun.CreateAsync();
        var (rank, step) = WriteManifest(run, seed: 11)[0];
        AddIncident(run, "cuda.device_assert", rank, step);

        var analysis = await run.AnalyzeAsync();

        var lone = Assert.Single(analysis.Hypotheses, h => h.Explains.Kinds.Contains("cuda.device_assert"));
        Assert.Contains(new Factor("data_shard", "web-0042"), lone.Factors);
        Assert.Contains(lone.Factors, f => f.Key == "batch_id");
        Assert.DoesNotContain(lone.Factors, f => f.Key == "code_version");
        Assert.Contains(lone.Evidence, e => e.Contains("not because it was tested", StringComparison.Ordinal));
        Assert.Contains("token id", lone.NextCheck, StringComparison.Ordinal);
        Assert.Contains(lone.CounterEvidence, c => c.Contains("not why it failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_CascadeReadAsAggregateGroups_ClaimsTheGroupsForTheCause()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        run.Add("gpu.ecc", 30, host: "node-003", gpu: 1, severity: Severity.Critical);
        var timeouts = new List<Symptom>();
        for (var r = 0; r < 32; r++)
        {
            timeouts.Add(run.Add("nccl.timeout", 40 + (r * 0.01), host: TestRun.Host(r / 8), rank: r));
        }

        var analysis = await run.AnalyzeAsync(a => new Analyzer(run.Store, Rules.Causal.CausalRuleSet.LoadDirectory(Path.Combine(Testing.TestRepository.Rules, "causal")), TimeProvider.System) { IndividualKindLimit = 5 });

        var top = analysis.Hypotheses[0];
        Assert.Contains(new Factor("gpu", "1"), top.Factors);
        Assert.Equal(33, top.Explains.Symptoms);
        Assert.NotEmpty(analysis.Attribution.Claims);
        Assert.All(timeouts, t => Assert.Equal((top.Id, AttributionRole.Collateral), analysis.Attribution.Resolve(t)));
        var stored = await run.Store.GetAttributionAsync(run.Name);
        Assert.NotNull(stored);
        Assert.All(timeouts, t => Assert.Equal((top.Id, AttributionRole.Collateral), stored.Resolve(t)));
    }

    [Fact]
    public async Task Analyze_LinksFlappingOnEveryHostBehindOneLeaf_BlamesTheLeafSwitch()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(8); // node-001..004 behind ib-leaf-00, node-005..008 behind ib-leaf-01
        foreach (var minute in new[] { 30.0, 75.0, 140.0 })
        {
            for (var h = 4; h < 8; h++)
            {
                run.Add("net.ib_link", minute + (h * 0.005), host: TestRun.Host(h), category: SymptomCategory.Network);
                run.Add("nccl.net_error", minute + 0.2, host: TestRun.Host(h), rank: h * 8, category: SymptomCategory.Network);
            }
        }

        run.Add("nccl.timeout", 150, rank: 3);
        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("switch", "ib-leaf-01")], top.Factors);
        Assert.Equal(SymptomCategory.Network, top.Category);
        Assert.Contains(top.Evidence, e => e.Contains("3 bursts", StringComparison.Ordinal));
        Assert.Contains("nccl.net_error", top.Explains.Kinds);
    }

    [Fact]
    public async Task Analyze_CollectedStragglerAndPeersTimeouts_BlamesItsGpu()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        var metrics = new StringBuilder();
        for (var step = 0; step < 120; step++)
        {
            var time = TestRun.T0.AddSeconds(step * 30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            for (var rank = 0; rank < 32; rank++)
            {
                var ms = 30_000 + ((rank * 37 + step * 11) % 400);
                if (rank == 21 && step >= 60)
                {
                    ms = (int)(ms * (1.3 + (step - 60) * 0.01));
                }

                metrics.Append(CultureInfo.InvariantCulture, $"{{\"time\":\"{time}\",\"step\":{step},\"rank\":{rank},\"step_time_ms\":{ms}}}\n");
            }
        }

        run.WriteFile("metrics/step_times.jsonl", metrics.ToString());
        // The straggler comes from the collector's metrics path, as in `triage analyze`.
        await new RunCollector(run.Store, RuleSet.Parse([]), TimeProvider.System).CollectAsync(run.RunDirectory, new CollectOptions { Run = run.Name });
        for (var r = 0; r < 32; r++)
        {
            if (r != 21)
            {
                run.Add("nccl.timeout", 75 + (r * 0.001), rank: r);
            }
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal(SymptomCategory.Hardware, top.Category);
        Assert.Contains(new Factor("host", "node-003"), top.Factors);
        Assert.Contains(new Factor("gpu", "5"), top.Factors);
        Assert.Contains("train.straggler", top.Explains.Kinds);
        Assert.Contains("nccl.timeout", top.Explains.Kinds);
    }

    [Fact]
    public async Task Analyze_TimeoutsWithInheritedStaleTimes_StillFollowTheGpuThatFailedAfterThem()
    {
        // The peers' lines carry no stamp of their own and inherited one from 20 minutes earlier.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        run.Add("net.ib_link", 35, host: "node-004", category: SymptomCategory.Network);
        run.Add("gpu.lost", 60, host: "node-002", gpu: 3, severity: Severity.Critical);
        for (var r = 0; r < 32; r++)
        {
            if (r != 11)
            {
                run.Add("nccl.timeout", 40, rank: r, inferred: true);
            }
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Contains(new Factor("gpu", "3"), top.Factors);
        Assert.Equal(32, top.Explains.Symptoms);
    }

    [Fact]
    public async Task Analyze_HangAfterARestart_IsNotCollateralOfTheFailureThatEndedThePreviousAttempt()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n  - start: 2026-05-02T01:50:00Z\n");
        run.Add("gpu.lost", 100, host: "node-002", gpu: 3, severity: Severity.Critical);
        for (var r = 0; r < 32; r++)
        {
            if (r != 11)
            {
                run.Add("nccl.timeout", 105, rank: r);
            }

            run.Add("nccl.timeout", 115, rank: r, inferred: true);
        }

        var analysis = await run.AnalyzeAsync();

        var gpu = analysis.Hypotheses.Single(h => h.Factors.Contains(new Factor("gpu", "3")));
        Assert.Equal(32, gpu.Explains.Symptoms);
    }

    [Fact]
    public async Task Analyze_EveryRankTimedOutAndAbortedWithInheritedTimes_AllFollowTheLaterOomKill()
    {
        // torch 2.1: each rank's watchdog timeout and the abort echoing it carry no stamp; each
        // pair inherited the stamp of the line before it. The host's OOM kill, which stalled them
        // all, is logged with its own stamp an hour later.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4);
        run.Add("proc.oom_killed", 80, host: "node-002", category: SymptomCategory.Resource);
        for (var r = 0; r < 32; r++)
        {
            run.Add("nccl.timeout", 20 + (r / 60.0), rank: r, inferred: true);
            run.Add("proc.abort", 20 + (r / 60.0), rank: r, inferred: true, attrs: ("exception", "std::runtime_error"));
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Contains(new Factor("host", "node-002"), top.Factors);
        Assert.Equal(65, top.Explains.Symptoms);
    }

    [Fact]
    public async Task Analyze_CrashesOnlyAfterAVersionChange_OffersTheRegressionWithItsWeakness()
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(4, attempts: "attempts:\n  - start: 2026-05-02T00:00:00Z\n    versions: { nccl_version: 2.21.5 }\n  - start: 2026-05-02T02:00:00Z\n    versions: { nccl_version: 2.23.4 }\n");
        foreach (var (minute, rank) in new[] { (130.0, 3), (170.0, 17), (215.0, 28) })
        {
            run.Add("cuda.error", minute, rank: rank, severity: Severity.Error);
        }

        run.Add("py.exception", 240, rank: 9);
        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("nccl_version", "2.23.4")], top.Factors);
        Assert.Equal(SymptomCategory.Software, top.Category);
        Assert.Contains(top.CounterEvidence, e => e.StartsWith("Weak on its own", StringComparison.Ordinal));
    }

    /// <summary>
    /// 64 ranks in 8 data-parallel groups of 8 (a group reads one shard per step), 240 steps of 30 s.
    /// Returns the (rank, step) pairs that read web-0042.
    /// </summary>
    private static List<(int Rank, int Step)> WriteManifest(TestRun run, int seed)
    {
        run.WriteLayout(Hosts, RanksPerHost);
        var random = new Random(seed);
        var text = new StringBuilder();
        var bad = new List<(int, int)>();
        for (var step = 0; step < Steps; step++)
        {
            var shards = Enumerable.Range(0, 8).Select(_ => random.Next(100)).ToArray();
            for (var rank = 0; rank < World; rank++)
            {
                var shard = shards[rank % 8];
                var time = TestRun.T0.AddSeconds(step * 30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"{{\"time\":\"{time}\",\"rank\":{rank},\"step\":{step},\"data_shard\":\"web-{shard:0000}\",\"batch_id\":\"b{step:000000}{rank:0000}\",\"seq_len_mean\":2048.5,\"code_version\":\"3f2a9c1\"}}\n");
                if (shard == 42)
                {
                    bad.Add((rank, step));
                }
            }
        }

        run.WriteFile("manifest/steps-000.jsonl", text.ToString());
        return bad;
    }

    private static void AddIncident(TestRun run, string kind, int rank, int step)
    {
        var minutes = (step * 30 + 10) / 60.0;
        var host = TestRun.Host(rank / RanksPerHost);
        if (kind == "train.nan")
        {
            run.Add(kind, minutes, rank: World - 1, attrs: [("iteration", step.ToString(CultureInfo.InvariantCulture))]);
        }
        else
        {
            run.Add(kind, minutes, host: kind == "proc.segfault" ? host : null, rank: rank, severity: Severity.Critical);
        }

        for (var peer = 0; peer < World; peer += 7)
        {
            if (peer != rank)
            {
                run.Add("nccl.timeout", minutes + 10, rank: peer);
            }
        }

        run.Add("torch.sigterm", minutes + 10.5, host: host, rank: (rank + 1) % World);
    }
}
