using Triage.Collectors.Tests.Support;
using Triage.Pull.Tests.Support;
using Triage.Testing;

namespace Triage.Pull.Tests;

/// <summary>
/// The team's acceptance check, run exactly as written with the real triage executable against a real sshd:
/// <c>triage pull --hosts node-a=127.0.0.1:PORT --paths 'LOGDIR/*.log' --run r</c>, with the user's default
/// key (~/.ssh/id_ed25519 under a temp HOME) and no known_hosts yet (accept-new records the key).
/// </summary>
public sealed class PullCliTests(NodeCluster cluster) : IClassFixture<NodeCluster>, IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pull_AcceptanceCheck_StoresTheSymptomsOfThoseFilesAsCollectDoes()
    {
        var logDir = Path.Combine(cluster.NodeRoot("node-01"), "logs");
        var store = _temp.File("store/pull.db");
        var env = new Dictionary<string, string> { ["HOME"] = cluster.Home, ["SSH_AUTH_SOCK"] = string.Empty, ["TRIAGE_STORE"] = store };
        File.Delete(Path.Combine(cluster.Home, ".ssh", "known_hosts"));

        var pull = await Triage(env, "pull", "--hosts", $"node-a=127.0.0.1:{cluster.Port("node-01")}", "--paths", $"{logDir}/*.log", "--run", "r");
        var again = await Triage(env, "pull", "--hosts", $"node-a=127.0.0.1:{cluster.Port("node-01")}", "--paths", $"{logDir}/*.log", "--run", "r");

        var copy = Directory.CreateDirectory(_temp.File("copy/node-a/.keep")).FullName;
        foreach (var file in Directory.GetFiles(logDir, "*.log"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var collect = await Triage(env, "collect", Path.GetDirectoryName(copy)!, "--run", "c");
        Assert.True(pull.ExitCode == 0, pull.Out + pull.Error);
        Assert.Contains("1/1 nodes pulled, 2 sources", pull.Out, StringComparison.Ordinal);
        Assert.Contains("new host key ssh-ed25519", pull.Error, StringComparison.Ordinal);
        Assert.Contains("(0 new)", again.Out, StringComparison.Ordinal);
        var pulledByKind = await Triage(env, "symptoms", "--run", "r", "--group-by", "kind,severity");
        var collectedByKind = await Triage(env, "symptoms", "--run", "c", "--group-by", "kind,severity");
        var pulledHosts = await Triage(env, "symptoms", "--run", "r", "--group-by", "host");
        Assert.True(collect.ExitCode == 0, collect.Error);
        Assert.Equal(Groups(collectedByKind.Out), Groups(pulledByKind.Out));
        Assert.Contains("nccl.timeout", pulledByKind.Out, StringComparison.Ordinal);

        // 'node-a' names no host in a copied folder (it does not end in a digit), so collect leaves those
        // lines without one; pull gives them the node's name from the host list.
        Assert.Contains(Groups(pulledHosts.Out), g => g.StartsWith("node-a ", StringComparison.Ordinal));
    }

    /// <summary>The group rows (first and last seen included), without the header and the totals line.</summary>
    private static string[] Groups(string table) =>
        [.. table.Split('\n').Skip(1).Where(l => l.Length > 0 && !l.Contains("groups,", StringComparison.Ordinal)).Select(l => l.TrimEnd())];

    private static Task<(int ExitCode, string Out, string Error)> Triage(Dictionary<string, string> env, params string[] args) =>
        Processes.RunAsync("dotnet", [TriageDll(), .. args], env);

    private static string TriageDll()
    {
        var found = TestRepository.TriageDll();
        Assert.True(found is not null, "build src/Triage.Cli first: triage.dll is not beside the test binaries");
        return found;
    }
}
