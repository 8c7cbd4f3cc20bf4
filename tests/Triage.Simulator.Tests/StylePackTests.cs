using System.Text.Json;
using System.Text.RegularExpressions;
using Triage.Hypotheses;
using Triage.Simulator.Tests.Support;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Tests;

/// <summary>The style packs: each writes its declared layout and prefixes (read from the files), is deterministic, and its truth labels whole blocks.</summary>
public sealed partial class StylePackTests : IDisposable
{
    private const int Ranks = 32;
    private readonly SimTempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Styles() => [.. RunSimulator.Styles.Select(s => s.Name)];

    private SimulationResult Simulate(string style, string scenario = "torch-sum", int seed = 1, string? sub = null) =>
        RunSimulator.Simulate(new SimulationOptions
        {
            Scenarios = scenario.Split(','),
            OutputDirectory = _temp.Sub((sub ?? style) + "/" + scenario.Replace(',', '+')),
            Ranks = Ranks,
            Seed = seed,
            Hours = 2,
            Style = style,
        });

    private static List<string> Files(string dir) =>
        [.. Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    private static string[] Lines(string dir, string file) => File.ReadAllLines(Path.Combine(dir, file));

    [Fact]
    public void StyleList_StartsWithDefault_AndEveryPackCitesPublicSources()
    {
        Assert.Equal("default", RunSimulator.Styles[0].Name);
        Assert.Equal(9, RunSimulator.Styles.Count);
        Assert.All(RunSimulator.Styles.Skip(1), s => Assert.All(s.Sources, src => Assert.StartsWith("https://", src, StringComparison.Ordinal)));
        Assert.All(RunSimulator.Styles.Skip(1), s => Assert.True(s.Sources.Count >= 2, s.Name + " cites too few sources"));
    }

    [Fact]
    public void UnknownStyle_IsAUsageError()
    {
        var ex = Assert.Throws<TriageException>(() => Simulate("no-such-style"));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("mpirun-tag", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Style_SameOptionsTwice_WritesByteIdenticalFiles(string style)
    {
        var a = Simulate(style, sub: "a-" + style);
        var b = Simulate(style, sub: "b-" + style);

        var files = Files(a.RunDirectory);
        Assert.Equal(files, Files(b.RunDirectory));
        foreach (var f in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a.RunDirectory, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b.RunDirectory, f))), style + ": " + f + " differs");
        }

        Assert.Equal(File.ReadAllBytes(a.TruthPath), File.ReadAllBytes(b.TruthPath));
    }

    [Fact]
    public void SlurmTorchrun_OneSrunFile_NodeTaskLabelThenTorchrunPrefix_FqdnAndMapTopology_NoRunYaml()
    {
        var r = Simulate("slurm-torchrun");
        var files = Files(r.RunDirectory);
        var slurm = Assert.Single(files, f => SlurmOut().IsMatch(f));
        Assert.DoesNotContain("run.yaml", files);
        var lines = Lines(r.RunDirectory, slurm);
        var labels = lines.Select(l => NodeLabel().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Equal(Enumerable.Range(0, Ranks / 8).ToHashSet(), labels);   // the label is the node's task index, never a rank
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\d+: \[default7\]:\S+\.cluster\.internal:\d+:\d+ \[7\] NCCL INFO comm "));
        Assert.Contains(lines, l => l.StartsWith("srun: error: ", StringComparison.Ordinal));
        var topology = Lines(r.RunDirectory, "topology.yaml");
        Assert.Contains(topology, l => Regex.IsMatch(l, @"^node-\d{3}\.cluster\.internal:$"));
        Assert.Contains("\"iteration\":", File.ReadLines(Path.Combine(r.RunDirectory, "manifest/steps.jsonl")).First(), StringComparison.Ordinal);
        Assert.Contains("\"global_rank\":", File.ReadLines(Path.Combine(r.RunDirectory, "manifest/steps.jsonl")).First(), StringComparison.Ordinal);
    }

    [Fact]
    public void TorchrunPlain_PerNodeFiles_NoLauncherPrefix_Torch25TimeoutShape_EpochManifest()
    {
        var r = Simulate("torchrun-plain");
        var files = Files(r.RunDirectory);
        var logs = files.Where(f => f.EndsWith("/train.log", StringComparison.Ordinal)).ToList();
        Assert.Equal(Ranks / 8, logs.Count);
        Assert.Contains(files, f => f.EndsWith("/dmesg.txt", StringComparison.Ordinal));
        var all = logs.SelectMany(f => Lines(r.RunDirectory, f)).ToList();
        Assert.DoesNotContain(all, l => l.StartsWith("[default", StringComparison.Ordinal));
        Assert.Contains(all, l => Regex.IsMatch(l, @"^\[rank\d+\]:\[E\d+ [\d:.]+ ProcessGroupNCCL\.cpp:1834\] \[PG ID 0 PG GUID 0\(default_pg\) Rank \d+\] Timeout at NCCL work: \d+, last enqueued NCCL work: \d+, last completed NCCL work: \d+\.$"));
        Assert.DoesNotContain("run.yaml", files);
        using var doc = JsonDocument.Parse(File.ReadLines(Path.Combine(r.RunDirectory, "manifest/steps.jsonl")).First());
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("time").ValueKind);
    }

    [Fact]
    public void TorchrunTee_DefaultLocalPrefix_Torch21_CsvTopology_PerRankManifest()
    {
        var r = Simulate("torchrun-tee");
        var files = Files(r.RunDirectory);
        var log = Lines(r.RunDirectory, files.First(f => f.EndsWith("/torchrun.log", StringComparison.Ordinal)));
        Assert.Contains(log, l => Regex.IsMatch(l, @"^\[default[0-7]\]:dgx-\d{3}:\d+:\d+ \[[0-7]\] NCCL INFO "));
        Assert.Contains(files.SelectMany(f => f.EndsWith("/torchrun.log", StringComparison.Ordinal) ? Lines(r.RunDirectory, f) : []), l => Regex.IsMatch(l, @"^\[default[0-7]\]:\[E ProcessGroupNCCL\.cpp:475\] \[Rank \d+\] Watchdog caught"));
        Assert.Equal("hostname,rack,ib_leaf_switch,ib_spine_switch,gpus", Lines(r.RunDirectory, "inventory/nodes.csv")[0]);
        Assert.Equal(Ranks, files.Count(f => Regex.IsMatch(f, @"^manifest/rank-\d{5}\.jsonl$")));
        Assert.DoesNotContain("\"rank\"", File.ReadLines(Path.Combine(r.RunDirectory, "manifest/rank-00003.jsonl")).First(), StringComparison.Ordinal);
    }

    [Fact]
    public void TorchElastic_AttemptDirsPerLocalRank_ErrorJson_SlurmTopologyConf()
    {
        var r = Simulate("torchelastic-dirs");
        var files = Files(r.RunDirectory);
        Assert.Contains(files, f => Regex.IsMatch(f, @"^node\d{3}/elastic/\d+_[0-9a-f]{6}/attempt_0/[0-7]/stderr\.log$"));
        Assert.Contains(files, f => Regex.IsMatch(f, @"^node\d{3}/elastic/\d+_[0-9a-f]{6}/attempt_1/[0-7]/stderr\.log$"));
        Assert.Contains(files, f => f.EndsWith("/agent.log", StringComparison.Ordinal));
        var error = files.First(f => f.EndsWith("/error.json", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(r.RunDirectory, error)));
        Assert.StartsWith("RuntimeError: CUDA error", doc.RootElement.GetProperty("message").GetProperty("message").GetString(), StringComparison.Ordinal);
        var conf = Lines(r.RunDirectory, "slurm/topology.conf");
        Assert.Contains(conf, l => Regex.IsMatch(l, @"^SwitchName=ib-leaf-\d+ Nodes=node\[\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*\]$"));
        Assert.Contains(conf, l => l.StartsWith("SwitchName=ib-spine-1 Switches=", StringComparison.Ordinal));
    }

    [Fact]
    public void DeepSpeed_EveryLineHasItsHostPrefix_NoSlurm()
    {
        var r = Simulate("deepspeed-pdsh");
        var files = Files(r.RunDirectory);
        Assert.DoesNotContain(files, f => SlurmOut().IsMatch(f));
        var lines = Lines(r.RunDirectory, "deepspeed-launch.log");
        Assert.All(lines, l => Assert.Matches(@"^gpu\d{3}: ", l));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^gpu\d{3}: \[rank\d+\]: RuntimeError: CUDA error: an illegal memory access was encountered$"));
    }

    [Fact]
    public void Mpirun_EveryLineTaggedWithRankAndStream_NumericShardsInManifestAndTruth()
    {
        var r = Simulate("mpirun-tag");
        var files = Files(r.RunDirectory);
        var lines = Lines(r.RunDirectory, Assert.Single(files, f => SlurmOut().IsMatch(f)));
        Assert.All(lines, l => Assert.Matches(@"^\[1,\d+\]<std(out|err)>:", l));
        Assert.All(lines.Where(l => l.Contains(" NCCL INFO ", StringComparison.Ordinal)), l => Assert.Matches(@"^\[1,\d+\]<stdout>:", l));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\[1,(\d+)\]<stderr>:\[rank\1\]:\[E"));
        using var row = JsonDocument.Parse(File.ReadLines(Path.Combine(r.RunDirectory, "manifest/steps.jsonl")).First());
        Assert.Equal(JsonValueKind.Number, row.RootElement.GetProperty("data_shard").ValueKind);
        var truth = TruthReader.Read(r.TruthPath);
        Assert.Matches(@"^\d+$", truth.Causes[0].Match.SelectMany(m => m).Single(f => f.Key == "data_shard").Value);
    }

    [Theory]
    [InlineData("torchrun-tee", "ib_leaf_switch")] // inventory/nodes.csv's column
    [InlineData("deepspeed-pdsh", "ib_leaf_switch")]
    [InlineData("slurm-torchrun", "leaf")] // topology.yaml keyed by host
    [InlineData("torchelastic-dirs", "switch")] // topology.conf's leaf level
    public void IbFlap_TruthNamesTheSwitchByTheKeyTheStylesTopologyFileUses(string style, string key)
    {
        var r = Simulate(style, "ib-flap");

        var factor = Assert.Single(TruthReader.Read(r.TruthPath).Causes[0].Match.SelectMany(m => m));
        Assert.Equal(key, factor.Key);
        Assert.StartsWith("ib-leaf-", factor.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void IbFlap_NoTopology_TruthAlsoAcceptsExactlyTheHostsBehindTheSwitch()
    {
        var r = Simulate("journal-perrank", "ib-flap");

        var match = TruthReader.Read(r.TruthPath).Causes[0].Match;
        var leaf = Assert.Single(match[0]);
        Assert.Equal("switch", leaf.Key);
        var hosts = Assert.Single(match, m => m is [{ Key: "hosts" }]).Single();
        Assert.True(Triage.Runs.SlurmHostList.TryExpand(hosts.Value, out var names));
        Assert.Equal(Ranks / 8, names.Count); // 32 ranks are 4 hosts, all behind the first leaf (4-8 hosts a leaf)
    }

    [Fact]
    public void Kubernetes_OneLogPerPod_PodNameAsHost_NodesApart_NoMetadata()
    {
        var r = Simulate("k8s-pytorchjob");
        var files = Files(r.RunDirectory);
        Assert.Equal(Ranks / 8, files.Count(f => Regex.IsMatch(f, @"^pods/torch-sum-worker-\d+\.log$")));
        Assert.Contains(files, f => Regex.IsMatch(f, @"^nodes/gke-a3-pool-\d{3}/journal\.log$"));
        Assert.DoesNotContain(files, f => f.StartsWith("manifest/", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".conf", StringComparison.Ordinal));
        Assert.Contains(Lines(r.RunDirectory, "pods/torch-sum-worker-1.log"), l => l.StartsWith("torch-sum-worker-1:", StringComparison.Ordinal) && l.Contains(" NCCL INFO ", StringComparison.Ordinal));
        Assert.Matches(@"^torch-sum-worker-0\s+0/1\s+Error\s+\d+\s+\d+h\s+[\d.]+\s+gke-a3-pool-001\s", Lines(r.RunDirectory, "pods.txt")[1]);
    }

    [Fact]
    public void PerRankJournal_OneFilePerRank_RankOnlyInTheName_FqdnJournals()
    {
        var r = Simulate("journal-perrank");
        var files = Files(r.RunDirectory);
        Assert.Equal(Ranks, files.Count(f => Regex.IsMatch(f, @"^out/\d+-\d+\.log$")));
        Assert.Contains(files, f => Regex.IsMatch(f, @"^journal/node-\d{3}\.cluster\.internal\.log$"));
        var journal = Lines(r.RunDirectory, files.First(f => f.StartsWith("journal/", StringComparison.Ordinal)));
        Assert.All(journal, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000 node-\d{3}\.cluster\.internal ", l));
        Assert.DoesNotContain(files, f => f is "run.yaml" or "topology.yaml");
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Truth_LabelsEveryLineOfEachBlock_WithTheEventsRole(string style)
    {
        var r = Simulate(style, "torch-sum,ecc", 2);
        var truth = TruthReader.Read(r.TruthPath);
        var byLine = truth.Symptoms.ToDictionary(s => (s.Path, s.Line));

        // A block's lines are contiguous from its first line, all labelled with one cause and role.
        foreach (var block in truth.Symptoms.Where(s => s.Block is not null).GroupBy(s => (s.Path, s.Block!.Value)))
        {
            var lines = block.Select(s => s.Line).Order().ToList();
            Assert.Equal(block.Key.Value, lines[0]);
            Assert.Equal(Enumerable.Range(0, lines.Count).Select(i => lines[0] + i), lines);
            Assert.Single(block.Select(s => (s.Cause, s.Role)).Distinct());
            Assert.Contains(block, s => s.Primary);
        }

        Assert.Contains(truth.Symptoms, s => !s.Primary);

        // The watchdog's companions and every line of a traceback are labelled, whatever the vintage.
        foreach (var file in Files(r.RunDirectory).Where(f => !f.StartsWith("manifest/", StringComparison.Ordinal) && !f.StartsWith("metrics/", StringComparison.Ordinal)))
        {
            var lines = Lines(r.RunDirectory, file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Companion().IsMatch(lines[i]))
                {
                    Assert.True(byLine.ContainsKey((file, i + 1)), $"{style}: {file}:{i + 1} is not labelled: {lines[i]}");
                }
            }
        }

        // Collateral blocks stay collateral: a watchdog report on a peer never becomes root.
        Assert.All(truth.Symptoms.Where(s => s.Block is not null && !s.Primary), s => Assert.Equal(byLine[(s.Path, s.Block!.Value)].Role, s.Role));
    }

    [Theory]
    [InlineData("host-maintenance", "maint: PSU replace", AttributionRole.Root)]
    [InlineData("sdc", "(message='Spiky loss')", AttributionRole.Root)]
    [InlineData("thermal", "HW Thermal Slowdown           : Active", AttributionRole.Root)]
    [InlineData("nic-failure", ", Cable unplugged", AttributionRole.Root)]
    [InlineData("gsp-timeout", "119, pid='N/A', Timeout waiting for RPC from GSP", AttributionRole.Root)]
    public void NewInterruptionClass_WritesItsCitedLine_LabelledWithItsCause(string scenario, string text, AttributionRole role)
    {
        foreach (var style in new[] { "default", "mpirun-tag" })
        {
            var r = Simulate(style, scenario, 1, style + "-new");
            var truth = TruthReader.Read(r.TruthPath);
            var cause = Assert.Single(truth.Causes);
            Assert.Equal(scenario, cause.Id);
            Assert.Contains(cause.Match, m => m.Any(f => f.Key == "host"));
            var hits = Files(r.RunDirectory).SelectMany(f => Lines(r.RunDirectory, f).Select((l, i) => (f, Line: i + 1L, l))).Where(x => x.l.Contains(text, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(hits);
            var labels = truth.Symptoms.ToDictionary(s => (s.Path, s.Line));
            Assert.All(hits, h => Assert.Equal(role, labels[(h.f, h.Line)].Role));
            if (scenario is "thermal")
            {
                Assert.Contains(truth.Symptoms, s => s.Path == "metrics/step_times.jsonl" && s.Cause == "thermal");
            }
        }
    }

    [GeneratedRegex(@"^slurm-\d+\.out$")]
    private static partial Regex SlurmOut();

    [GeneratedRegex(@"^\s*(\d+): \[default[0-7]\]:")]
    private static partial Regex NodeLabel();

    [GeneratedRegex(@"Timeout at NCCL work|Some NCCL operations have failed|To avoid data inconsistency|Exception raised from checkTimeout|failure detected by watchdog|^(\S+: |\[\S+\]:|\[1,\d+\]<stderr>:)*(\[rank\d+\]: )?  File ""/workspace/megatron/")]
    private static partial Regex Companion();
}
