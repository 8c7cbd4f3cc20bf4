using System.IO.Compression;
using Triage.Testing;

using Triage.Collectors.Tests.Support;

namespace Triage.Pull.Tests.Support;

/// <summary>
/// Two "nodes" for the pull tests: each a real sshd on 127.0.0.1 (its own port and host key) and a node
/// root folder holding logs (from samples/torch-sum), a gzip'd log, a core dump, and stand-ins for
/// <c>journalctl</c> (serving the recorded export in tests/data/pull/journal, honouring <c>--after-cursor</c>)
/// and <c>dmesg</c> (serving tests/data/pull/dmesg-T.txt). node-01 has a journal, node-02 has none (its
/// journalctl does not exist), so it falls back to dmesg. One throw-away user key is authorized on both.
/// Shared by a test class; each test uses its own store, run and known-hosts file.
/// </summary>
public sealed class NodeCluster : IAsyncLifetime
{
    private readonly TempDir _temp = new();
    private readonly List<Sshd> _servers = [];

    public string Root => _temp.Path;

    public string UserKey => Path.Combine(Root, "home", ".ssh", "id_ed25519");

    public string Home => Path.Combine(Root, "home");

    public IReadOnlyList<(string Name, int Port, string NodeRoot, string HostKey)> Nodes { get; private set; } = [];

    /// <summary>The journalctl stand-in (one for all nodes: each sshd tells it its node root in NODE_ROOT).</summary>
    public string Journalctl => Path.Combine(Root, "bin", "journalctl");

    /// <summary>The coredumpctl stand-in.</summary>
    public string Coredumpctl => Path.Combine(Root, "bin", "coredumpctl");

    /// <summary>The dmesg stand-in.</summary>
    public string Dmesg => Path.Combine(Root, "bin", "dmesg");

    public string NodeRoot(string node) => Path.Combine(Root, node);

    public int Port(string node) => Nodes.Single(n => n.Name == node).Port;

    public string HostList => string.Join(',', Nodes.Select(n => $"{n.Name}=127.0.0.1:{n.Port}"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(UserKey)!);
        await Processes.KeygenAsync(UserKey);
        var authorized = Path.Combine(Root, "authorized_keys");
        File.Copy(UserKey + ".pub", authorized);
        var samples = Path.Combine(TestRepository.Root, "samples", "torch-sum");
        WriteScripts(Path.Combine(Root, "bin"));
        var nodes = new List<(string, int, string, string)>();
        foreach (var (name, sample) in new[] { ("node-01", "node-001"), ("node-02", "node-002") })
        {
            var root = NodeRoot(name);
            Directory.CreateDirectory(Path.Combine(root, "logs"));
            Directory.CreateDirectory(Path.Combine(root, "cores"));
            foreach (var file in Directory.GetFiles(Path.Combine(samples, sample)))
            {
                File.Copy(file, Path.Combine(root, "logs", Path.GetFileName(file)));
            }

            File.Copy(Path.Combine(TestRepository.Data, "pull", "dmesg-T.txt"), Path.Combine(root, "dmesg-T.txt"));
            var server = await Sshd.StartAsync(Path.Combine(Root, "sshd-" + name), authorized, root);
            _servers.Add(server);
            nodes.Add((name, server.Port, root, server.HostKeyPublic));
        }

        // node-01 also holds a rotated, compressed log and a core dump.
        await using (var gz = new GZipStream(File.Create(Path.Combine(NodeRoot("node-01"), "logs", "kern.log.1.gz")), CompressionLevel.Fastest))
        {
            await gz.WriteAsync(File.ReadAllBytes(Path.Combine(samples, "node-003", "kern.log")));
        }

        File.Copy(Path.Combine(samples, "cores", "core.pt_main.rank7.1775387661"), Path.Combine(NodeRoot("node-01"), "cores", "core.pt_main.rank7.1775387661"));
        File.Copy(Path.Combine(TestRepository.Data, "pull", "journal", "node-01.jsonl"), Path.Combine(NodeRoot("node-01"), "journal.jsonl"));
        File.Copy(Path.Combine(TestRepository.Data, "pull", "coredumpctl-list.json"), Path.Combine(NodeRoot("node-01"), "coredumps.json"));
        Directory.CreateDirectory(Path.Combine(NodeRoot("node-01"), "cores", "by-pid"));
        File.Copy(Path.Combine(samples, "cores", "core.pt_main.rank7.1775387661"), Path.Combine(NodeRoot("node-01"), "cores", "by-pid", "2299"));
        Nodes = nodes;
    }

    /// <summary>A known-hosts file listing both nodes' real host keys.</summary>
    public string KnownHostsWithBothNodes(string path)
    {
        File.WriteAllLines(path, Nodes.Select(n => $"[127.0.0.1]:{n.Port} {n.HostKey}"));
        return path;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _temp.Dispose();
    }

    private static void WriteScripts(string bin)
    {
        Directory.CreateDirectory(bin);
        WriteExecutable(Path.Combine(bin, "journalctl"), """
            #!/bin/bash
            # Stand-in for journalctl -o json on a test node (no systemd here): prints the recorded export in
            # $NODE_ROOT (set by that node's sshd) from after --after-cursor, stops after -n N, and logs its
            # arguments one a line. With $NODE_ROOT/journal.fail-after holding K it prints K entries and exits 3,
            # as a journalctl killed mid-stream would. Without an export: "No journal files were found.", exit 1.
            dir="$NODE_ROOT"
            { printf '%s\n' "$@"; echo ---; } >> "$dir/journalctl.args"
            [ -f "$dir/journal.jsonl" ] || { echo "No journal files were found." >&2; exit 1; }
            after=""; n=""; limit=""
            while [ $# -gt 0 ]; do
              case "$1" in --after-cursor) after="$2"; shift;; -n) n="$2"; shift;; esac
              shift
            done
            [ -f "$dir/journal.fail-after" ] && [ "$n" = "" ] && limit=$(cat "$dir/journal.fail-after")
            awk -v after="$after" -v n="$n" -v limit="$limit" '
              BEGIN { on = (after == ""); c = 0 }
              { if (on) { print; c++; if (n != "" && c >= n) exit 0; if (limit != "" && c >= limit) exit 3 }
                else if (index($0, "\"__CURSOR\":\"" after "\"") > 0) on = 1 }
            ' "$dir/journal.jsonl"
            """);
        WriteExecutable(Path.Combine(bin, "coredumpctl"), """
            #!/bin/bash
            # Stand-in for systemd's coredumpctl: 'list' prints $NODE_ROOT/coredumps.json (the --json=short shape),
            # 'dump PID' writes $NODE_ROOT/cores/core.*.PID-less file of that pid to stdout; calls are logged.
            echo "$*" >> "$NODE_ROOT/coredumpctl.args"
            [ -f "$NODE_ROOT/coredumps.json" ] || { echo "No coredumps found." >&2; exit 1; }
            case " $* " in
              *" list "*) cat "$NODE_ROOT/coredumps.json";;
              *" dump "*) pid="${@: -1}"; cat "$NODE_ROOT/cores/by-pid/$pid";;
              *) echo "coredumpctl stand-in: unexpected $*" >&2; exit 2;;
            esac
            """);
        WriteExecutable(Path.Combine(bin, "dmesg"), """
            #!/bin/bash
            # Stand-in for dmesg -T: the recorded ring buffer in $NODE_ROOT; refuses anything but -T.
            [ "$1" = "-T" ] || { echo "dmesg stand-in: expected -T, got $*" >&2; exit 2; }
            cat "$NODE_ROOT/dmesg-T.txt"
            """);
    }

    private static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }
    }
}
