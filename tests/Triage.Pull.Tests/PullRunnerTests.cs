using Triage.Collectors.Collection;
using Triage.Pull.Hosts;
using Triage.Pull.Ssh;
using Triage.Collectors.Tests.Support;
using Triage.Pull.Tests.Support;
using Triage.Storage;

namespace Triage.Pull.Tests;

/// <summary>Pulls against two real sshd "nodes" on 127.0.0.1 (see <see cref="NodeCluster"/>).</summary>
public sealed class PullRunnerTests(NodeCluster cluster) : IClassFixture<NodeCluster>, IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_TwoNodes_SymptomsEqualCollectOnACopyOfTheSameFiles()
    {
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var options = PullHarness.Options(cluster, "r", _temp.File("known_hosts")) with { NodePaths = PullHarness.NodeFiles(cluster) };

        var result = await PullHarness.Runner(store, cluster).RunAsync(PullHarness.Nodes(cluster), options);

        // The same files copied into a run directory, one folder per node, collected as 'collect' does.
        var copy = Directory.CreateDirectory(_temp.File("copy/.keep")).Parent!.FullName;
        foreach (var node in cluster.Nodes)
        {
            var dir = Directory.CreateDirectory(Path.Combine(_temp.Path, "copy", node.Name)).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(node.NodeRoot, "logs")).Concat(Directory.GetFiles(Path.Combine(node.NodeRoot, "cores"))))
            {
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
                File.SetLastWriteTimeUtc(Path.Combine(dir, Path.GetFileName(file)), File.GetLastWriteTimeUtc(file));
            }
        }

        await using var reference = await PullHarness.StoreAsync(_temp, "copy.db");
        await new RunCollector(reference, PullHarness.Rules, TimeProvider.System).CollectAsync(copy, new CollectOptions { Run = "r" });
        var pulled = (await PullHarness.AllAsync(store, "r")).Select(PullHarness.Content).Order(StringComparer.Ordinal).ToList();
        var collected = (await PullHarness.AllAsync(reference, "r")).Select(PullHarness.Content).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(0, result.NodesFailed);
        Assert.Equal(0, result.Counts.Failures);
        Assert.True(pulled.Count > 300, $"only {pulled.Count} symptoms");
        Assert.Contains(pulled, p => p.StartsWith("crash.dump|", StringComparison.Ordinal));
        Assert.Equal(collected, pulled);
        var hosts = (await PullHarness.AllAsync(store, "r")).Where(s => s.Source.Path.StartsWith("node-02:", StringComparison.Ordinal)).Select(s => s.Host).ToHashSet();
        Assert.Contains("node-02", hosts); // a line that names no host gets the node's name
    }

    [Fact]
    public async Task RunAsync_InterruptedAfterTheFirstNode_ResumesAndStoresNothingTwice()
    {
        var nodes = PullHarness.Nodes(cluster);
        var options = PullHarness.Options(cluster, "r", _temp.File("known_hosts")) with { NodePaths = PullHarness.NodeFiles(cluster), Parallel = 1 };
        await using var reference = await PullHarness.StoreAsync(_temp, "ref.db");
        await PullHarness.Runner(reference, cluster).RunAsync(nodes, options);
        var expected = (await PullHarness.AllAsync(reference, "r")).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PullHarness.Runner(store, cluster).RunAsync(
            nodes, options, new SyncProgress(p => { if (p.Done == 1) { cancel.Cancel(); } }), cancel.Token));
        var afterFirst = await store.CountAsync(new SymptomFilter { Run = "r" });
        var resumed = await PullHarness.Runner(store, cluster).RunAsync(nodes, options);

        var stored = (await PullHarness.AllAsync(store, "r")).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        Assert.InRange(afterFirst, 1, expected.Count - 1);
        Assert.Equal(expected.Count - afterFirst, resumed.Counts.SymptomsNew);
        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task RunAsync_JournalCutMidStream_ResumesAfterTheStoredCursor()
    {
        var node = PullHarness.Nodes(cluster).Where(n => n.Name == "node-01").ToList();
        var options = PullHarness.Options(cluster, "j", _temp.File("known_hosts")) with { Journal = true };
        await using var reference = await PullHarness.StoreAsync(_temp, "ref.db");
        await PullHarness.Runner(reference, cluster).RunAsync(node, options);
        var expected = await PullHarness.AllAsync(reference, "j");
        var failAfter = Path.Combine(cluster.NodeRoot("node-01"), "journal.fail-after");
        var args = Path.Combine(cluster.NodeRoot("node-01"), "journalctl.args");
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");

        File.WriteAllText(failAfter, "5");
        PullResult first;
        try
        {
            first = await PullHarness.Runner(store, cluster, PullHarness.SmallLimits).RunAsync(node, options);
        }
        finally
        {
            File.Delete(failAfter);
        }

        var afterFirst = await store.CountAsync(new SymptomFilter { Run = "j" });
        File.Delete(args);
        var second = await PullHarness.Runner(store, cluster, PullHarness.SmallLimits).RunAsync(node, options);

        Assert.Equal(1, first.Counts.Failures);
        var failure = Assert.Single(await store.GetFailuresAsync("j"));
        Assert.Equal("node-01:journal", failure.Path);
        Assert.Contains("exited with 3", failure.Reason, StringComparison.Ordinal);
        Assert.InRange(afterFirst, 1, expected.Count - 1);
        var calls = File.ReadAllText(args).Split("---\n", StringSplitOptions.RemoveEmptyEntries);
        var resume = calls.Single(c => c.Contains("--after-cursor", StringComparison.Ordinal)).Split('\n');
        Assert.StartsWith("s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7", resume[Array.IndexOf(resume, "--after-cursor") + 1], StringComparison.Ordinal);
        Assert.Equal(0, second.Counts.Failures);
        Assert.Equal(expected.Select(s => s.Id).Order(StringComparer.Ordinal), (await PullHarness.AllAsync(store, "j")).Select(s => s.Id).Order(StringComparer.Ordinal));
        var xid = Assert.Single(expected, s => s.Kind == "gpu.xid");
        Assert.Equal("node-01", xid.Host);
        Assert.Equal(new DateTimeOffset(2026, 4, 5, 11, 13, 21, 234, TimeSpan.Zero), xid.Timestamp); // the store keeps milliseconds
        Assert.Equal("node-01:journal", xid.Source.Path);
    }

    [Fact]
    public async Task RunAsync_NodeWithoutAJournal_ReadsDmesgInsteadAndOnceOnly()
    {
        var node = PullHarness.Nodes(cluster).Where(n => n.Name == "node-02").ToList();
        var options = PullHarness.Options(cluster, "d", _temp.File("known_hosts")) with { Journal = true };
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");

        var first = await PullHarness.Runner(store, cluster).RunAsync(node, options);
        var second = await PullHarness.Runner(store, cluster).RunAsync(node, options);

        Assert.Contains(first.Notices, n => n.Contains("no journal", StringComparison.Ordinal));
        var symptoms = await PullHarness.AllAsync(store, "d");
        var xid48 = Assert.Single(symptoms, s => s.Kind == "gpu.xid" && s.Attrs.GetValueOrDefault("xid") == "48");
        Assert.Equal("node-02", xid48.Host);
        Assert.Equal(new DateTimeOffset(2026, 4, 5, 11, 13, 20, TimeSpan.Zero), xid48.Timestamp);
        Assert.Equal("node-02:dmesg", xid48.Source.Path);
        Assert.Contains(symptoms, s => s.Kind == "proc.oom_killed");
        Assert.True(first.Counts.SymptomsNew > 0);
        Assert.Equal(0, second.Counts.SymptomsNew);
        Assert.Equal(0, second.Counts.SymptomsFound);
    }

    [Fact]
    public async Task RunAsync_Cores_ReadsEachPresentCoredumpctlDumpOnce()
    {
        var node = PullHarness.Nodes(cluster).Where(n => n.Name == "node-01").ToList();
        var options = PullHarness.Options(cluster, "c", _temp.File("known_hosts")) with { Cores = true };
        var calls = Path.Combine(cluster.NodeRoot("node-01"), "coredumpctl.args");
        File.Delete(calls);
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");

        var first = await PullHarness.Runner(store, cluster).RunAsync(node, options);
        var second = await PullHarness.Runner(store, cluster).RunAsync(node, options);

        var dump = Assert.Single(await PullHarness.AllAsync(store, "c"));
        Assert.Equal("crash.dump", dump.Kind);
        Assert.Equal("node-01:coredumpctl/2299@2026-04-05T11:14:21Z", dump.Source.Path);
        Assert.Equal("SIGSEGV", dump.Attrs["signal"]);
        Assert.Equal(7, dump.Rank);
        Assert.Equal((1, 0), (first.Counts.SymptomsNew, second.Counts.SymptomsNew));
        Assert.Equal(["--no-pager --json=short list", "--no-pager dump 2299", "--no-pager --json=short list"], File.ReadAllLines(calls));
    }

    [Fact]
    public async Task RunAsync_ChangedHostKey_RefusesThatNodeAndPullsTheOther()
    {
        var knownHosts = cluster.KnownHostsWithBothNodes(_temp.File("known_hosts"));
        var other = _temp.File("other_host_key");
        await Processes.KeygenAsync(other);
        var lines = File.ReadAllLines(knownHosts);
        var forged = File.ReadAllText(other + ".pub").Split(' ');
        lines[0] = $"[127.0.0.1]:{cluster.Port("node-01")} {forged[0]} {forged[1]}";
        File.WriteAllLines(knownHosts, lines);
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var options = PullHarness.Options(cluster, "k", knownHosts) with { NodePaths = PullHarness.NodeFiles(cluster) };

        var result = await PullHarness.Runner(store, cluster).RunAsync(PullHarness.Nodes(cluster), options);

        Assert.Equal(1, result.NodesFailed);
        var failure = Assert.Single(await store.GetFailuresAsync("k"));
        Assert.Equal("node-01", failure.Path);
        Assert.Contains("HOST KEY CHANGED", failure.Reason, StringComparison.Ordinal);
        Assert.Contains($"ssh-keygen -R '[127.0.0.1]:{cluster.Port("node-01")}'", failure.Reason, StringComparison.Ordinal);
        var symptoms = await PullHarness.AllAsync(store, "k");
        Assert.DoesNotContain(symptoms, s => s.Source.Path.StartsWith("node-01:", StringComparison.Ordinal));
        Assert.Contains(symptoms, s => s.Source.Path.StartsWith("node-02:", StringComparison.Ordinal));
        Assert.Equal(lines, File.ReadAllLines(knownHosts)); // nothing was "accepted" over the old key
    }

    [Fact]
    public async Task RunAsync_DeadHost_IsARecordedFailureAndTheRestIsPulled()
    {
        var nodes = PullHarness.Nodes(cluster).Append(new NodeSpec("node-03", "127.0.0.1", Sshd.FreePort())).ToList();
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var options = PullHarness.Options(cluster, "x", _temp.File("known_hosts")) with
        {
            NodePaths = PullHarness.NodeFiles(cluster),
            Paths = ["/nonexistent-on-purpose/*.log"],
        };

        var result = await PullHarness.Runner(store, cluster).RunAsync(nodes, options);

        Assert.Equal(1, result.NodesFailed);
        var failures = await store.GetFailuresAsync("x");
        var dead = Assert.Single(failures, f => f.Path == "node-03");
        Assert.Equal(CollectorFailureKind.Failed, dead.Kind);
        Assert.Contains("unreachable", dead.Reason, StringComparison.Ordinal);
        Assert.Contains(failures, f => f.Path == "node-01:/nonexistent-on-purpose/*.log" && f.Kind == CollectorFailureKind.Skipped);
        var symptoms = await PullHarness.AllAsync(store, "x");
        Assert.Contains(symptoms, s => s.Source.Path.StartsWith("node-01:", StringComparison.Ordinal));
        Assert.Contains(symptoms, s => s.Source.Path.StartsWith("node-02:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_UnknownHostKey_StrictRefusesAcceptNewRecordsIt()
    {
        var knownHosts = _temp.File("known_hosts");
        var node = PullHarness.Nodes(cluster).Where(n => n.Name == "node-02").ToList();
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var options = PullHarness.Options(cluster, "u", knownHosts) with { NodePaths = PullHarness.NodeFiles(cluster) };

        var strict = await PullHarness.Runner(store, cluster).RunAsync(node, options with { HostKeyPolicy = HostKeyPolicy.Strict });
        var acceptNew = await PullHarness.Runner(store, cluster).RunAsync(node, options);
        var again = await PullHarness.Runner(store, cluster).RunAsync(node, options with { HostKeyPolicy = HostKeyPolicy.Strict });

        Assert.Equal(1, strict.NodesFailed);
        Assert.Contains("strict", Assert.Single(await store.GetFailuresAsync("u")).Reason, StringComparison.Ordinal);
        Assert.Equal(0, acceptNew.NodesFailed);
        Assert.Contains(acceptNew.Notices, n => n.Contains("accepted and recorded", StringComparison.Ordinal));
        var node02 = cluster.Nodes.Single(n => n.Name == "node-02");
        Assert.Equal($"[127.0.0.1]:{node02.Port} {node02.HostKey}", File.ReadAllText(knownHosts).Trim());
        Assert.Equal(0, again.NodesFailed);
    }

    [Theory]
    [InlineData("/logs/**", 3)]
    [InlineData("/**/*.log", 2)]
    [InlineData("/logs/[kt]*.log", 2)]
    [InlineData("/logs/k?rn.log*", 2)]
    [InlineData("/*/core.*", 1)]
    public async Task RunAsync_Globs_ExpandedOverSftpAsAShellWould(string glob, int files)
    {
        var node = PullHarness.Nodes(cluster).Where(n => n.Name == "node-01").ToList();
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var options = PullHarness.Options(cluster, "g", _temp.File("known_hosts")) with { Paths = [cluster.NodeRoot("node-01") + glob] };

        var result = await PullHarness.Runner(store, cluster).RunAsync(node, options);

        var read = (await store.GetCheckpointsAsync("g")).Select(c => c.Path).Order(StringComparer.Ordinal).ToList();
        Assert.True(files == read.Count, $"{glob} read {string.Join(", ", read)}");
        Assert.Equal(0, result.Counts.Failures);
    }

    [Fact]
    public async Task RunAsync_KeyOnlyInTheAgent_AuthenticatesThroughTheAgent()
    {
        var socket = Path.Combine(_temp.Path, "agent.sock");
        using var agent = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ssh-agent", ["-D", "-a", socket]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            for (var i = 0; i < 100 && !File.Exists(socket); i++)
            {
                await Task.Delay(50);
            }

            var (code, _, error) = await Processes.RunAsync("ssh-add", [cluster.UserKey], new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = socket });
            Assert.True(code == 0, error);
            await using var store = await PullHarness.StoreAsync(_temp, "s.db");
            var options = PullHarness.Options(cluster, "a", _temp.File("known_hosts")) with
            {
                IdentityFiles = [_temp.File("no-such-key")],
                AgentSocket = socket,
                NodePaths = PullHarness.NodeFiles(cluster),
            };

            var withAgent = await PullHarness.Runner(store, cluster).RunAsync(PullHarness.Nodes(cluster), options);
            var withoutAgent = await PullHarness.Runner(store, cluster).RunAsync(PullHarness.Nodes(cluster), options with { AgentSocket = null, Run = "b" });

            Assert.Equal(0, withAgent.NodesFailed);
            Assert.True(withAgent.Counts.SymptomsNew > 300);
            Assert.Equal(2, withoutAgent.NodesFailed);
            Assert.All(await store.GetFailuresAsync("b"), f => Assert.Contains("no usable private key", f.Reason, StringComparison.Ordinal));
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task RunLinesAsync_HostileArgument_ReachesTheProgramAsOneLiteralArgument()
    {
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var runner = PullHarness.Runner(store, cluster);
        var marker = _temp.File("pwned");
        var hostile = $"a'b; touch {marker}; $(touch {marker}) `touch {marker}` \"$HOME\" *";
        await using var node = await runner.ConnectAsync(PullHarness.Nodes(cluster)[0], PullHarness.Options(cluster, "q", _temp.File("known_hosts")), new(), CancellationToken.None);

        var lines = new List<string>();
        await foreach (var line in node.RunLinesAsync("printf", ["[%s]\\n", hostile], CancellationToken.None))
        {
            lines.Add(line);
        }

        Assert.Equal([$"[{hostile}]"], lines);
        Assert.False(File.Exists(marker));
    }

    private sealed class SyncProgress(Action<PullProgress> report) : IProgress<PullProgress>
    {
        public void Report(PullProgress value) => report(value);
    }
}
