using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.Collection;
using Triage.Collectors.Extraction;
using Triage.Pull.Hosts;
using Triage.Rules;
using Triage.Storage;
using Triage.Storage.Embedded;
using Triage.Symptoms;
using Triage.Testing;

using Triage.Collectors.Tests.Support;

namespace Triage.Pull.Tests.Support;

/// <summary>Stores, runners and symptom reads for the pull tests.</summary>
internal static class PullHarness
{
    /// <summary>Small batches and checkpoints, so an interruption falls between stored checkpoints.</summary>
    public static readonly ExtractionLimits SmallLimits = new() { ChunkBytes = 4096, MaxLineBytes = 1024, BatchSymptoms = 2, CheckpointBytes = 2048 };

    public static RuleSet Rules { get; } = RuleSet.LoadDirectory(TestRepository.Rules);

    public static FakeTimeProvider Time() => new(new DateTimeOffset(2026, 4, 6, 12, 0, 0, TimeSpan.Zero));

    public static Task<SqliteSymptomStore> StoreAsync(TempDir temp, string name) => SqliteSymptomStore.OpenAsync(temp.File(name), Time());

    public static PullRunner Runner(ISymptomStore store, NodeCluster cluster, ExtractionLimits? limits = null) =>
        new(new StreamSourceCollector(store, Rules, TimeProvider.System, limits), TimeProvider.System, cluster.Home);

    /// <summary>Options reaching the cluster's nodes with its key and a known-hosts file of the test's own.</summary>
    public static PullOptions Options(NodeCluster cluster, string run, string knownHosts) => new()
    {
        Run = run,
        IdentityFiles = [cluster.UserKey],
        KnownHostsFile = knownHosts,
        SshConfigFile = Path.Combine(cluster.Root, "no-ssh-config"),
        JournalCommand = cluster.Journalctl,
        DmesgCommand = cluster.Dmesg,
        CoredumpctlCommand = cluster.Coredumpctl,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Each node's logs, compressed logs and cores (the globs that match something there), by its own root.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NodeFiles(NodeCluster cluster) =>
        cluster.Nodes.ToDictionary(
            n => n.Name,
            n => (IReadOnlyList<string>)new[] { ("logs", "*.log"), ("logs", "*.gz"), ("cores", "core.*") }
                .Where(g => Directory.EnumerateFiles(Path.Combine(n.NodeRoot, g.Item1), g.Item2).Any())
                .Select(g => $"{n.NodeRoot}/{g.Item1}/{g.Item2}")
                .ToList());

    public static IReadOnlyList<NodeSpec> Nodes(NodeCluster cluster) => HostListParser.ParseList(cluster.HostList);

    public static async Task<List<Symptom>> AllAsync(ISymptomStore store, string run)
    {
        var all = new List<Symptom>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync(new SymptomFilter { Run = run }, new SymptomPageRequest { Size = 1000, Cursor = cursor });
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>What a symptom says, without where it was read from (path and id differ between pull and collect).</summary>
    public static string Content(Symptom s) =>
        string.Join('|', s.Kind, s.Severity, s.Host, s.Rank, s.LocalRank, s.Gpu, s.Pid, s.Timestamp?.ToString("O", System.Globalization.CultureInfo.InvariantCulture), s.TimeInferred, s.Signature, s.Message, s.Source.Line,
            string.Join(',', s.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value)));
}
