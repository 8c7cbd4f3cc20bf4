using System.Collections.Concurrent;
using Renci.SshNet;
using Triage.Collectors.Collection;
using Triage.Pull.Hosts;
using Triage.Pull.Ssh;
using Triage.Storage;

namespace Triage.Pull;

/// <summary>
/// <c>triage pull</c>: pulls logs, the journal (or <c>dmesg</c>) and core dumps from nodes over SSH, a bounded
/// number of nodes at a time, through <see cref="StreamSourceCollector"/> (resumable, idempotent). A node that
/// cannot be reached or refuses (host key, authentication, timeout) is a recorded collector failure under its
/// name; the others are pulled (docs/architecture.md §8). Thread-safe for one pull at a time.
/// </summary>
public sealed class PullRunner
{
    private readonly StreamSourceCollector _collector;
    private readonly TimeProvider _time;
    private readonly string _home;

    /// <summary>Creates a runner; <paramref name="home"/> is where <c>~</c> points (<c>~/.ssh/…</c>).</summary>
    public PullRunner(StreamSourceCollector collector, TimeProvider timeProvider, string home)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(home);
        _collector = collector;
        _time = timeProvider;
        _home = home;
    }

    /// <summary>Pulls <paramref name="nodes"/>.</summary>
    /// <exception cref="TriageException">Bad options (an unreadable ssh config or known-hosts file).</exception>
    /// <exception cref="StoreException">The store failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<PullResult> RunAsync(
        IReadOnlyList<NodeSpec> nodes, PullOptions options, IProgress<PullProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parallel < 1)
        {
            throw new TriageException("pull: --parallel must be at least 1", ExitCodes.Usage);
        }

        var config = SshConfigFile.Load(options.SshConfigFile ?? Path.Combine(_home, ".ssh", "config"), _home);
        var knownHosts = KnownHosts.Load([options.KnownHostsFile ?? Path.Combine(_home, ".ssh", "known_hosts"), "/etc/ssh/ssh_known_hosts"]);
        var counts = new PullCounts();
        var notices = new ConcurrentQueue<string>();
        var scratch = options.ScratchDirectory ?? Path.Combine(Path.GetTempPath(), "triage-pull-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var agent = SshAgentKeys.TryLoad(options.AgentSocket, notices.Enqueue);
        var done = 0;
        var failed = 0;
        await Parallel.ForEachAsync(
            nodes,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken },
            async (node, ct) =>
            {
                var target = Resolve(node, config, options);
                var ok = await PullNodeAsync(target, options, knownHosts, agent, counts, notices, scratch, ct).ConfigureAwait(false);
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                }

                progress?.Report(new PullProgress(Interlocked.Increment(ref done), nodes.Count, Volatile.Read(ref failed), counts.SymptomsFound, node.Name));
            }).ConfigureAwait(false);
        return new PullResult(options.Run, nodes.Count, failed, counts, [.. notices]);
    }

    /// <summary>Runs Slurm's commands on <paramref name="login"/> over SSH (same keys, known hosts and policy as the nodes).</summary>
    public Slurm.ICommandRunner CommandRunner(NodeSpec login, PullOptions options) => new LoginNodeRunner(this, login, options);

    /// <summary>Connects to one node with the options' keys, agent, known hosts and policy.</summary>
    /// <exception cref="NodeException">It cannot be reached or refuses.</exception>
    internal async Task<SshNode> ConnectAsync(NodeSpec spec, PullOptions options, ConcurrentQueue<string> notices, CancellationToken cancellationToken)
    {
        var config = SshConfigFile.Load(options.SshConfigFile ?? Path.Combine(_home, ".ssh", "config"), _home);
        var knownHosts = KnownHosts.Load([options.KnownHostsFile ?? Path.Combine(_home, ".ssh", "known_hosts"), "/etc/ssh/ssh_known_hosts"]);
        var target = Resolve(spec, config, options);
        var methods = AuthMethods(target, SshAgentKeys.TryLoad(options.AgentSocket, notices.Enqueue), notices);
        return await SshNode.ConnectAsync(target, methods, knownHosts, options.HostKeyPolicy, options.ConnectTimeout, notices.Enqueue, options.MaxLineBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Combines the host list entry, the ssh config and the options (the options win, then the list, then the config).</summary>
    internal SshTarget Resolve(NodeSpec node, SshConfigFile config, PullOptions options)
    {
        var host = config.For(node.Name);
        var address = node.Address != node.Name ? node.Address : host.HostName ?? node.Name;
        var identities = options.IdentityFiles.Count > 0
            ? options.IdentityFiles
            : host.IdentityFiles.Count > 0 ? host.IdentityFiles : new[] { "id_ed25519", "id_ecdsa", "id_rsa" }.Select(k => Path.Combine(_home, ".ssh", k)).ToList();
        return new SshTarget(node.Name, address, node.Port ?? host.Port ?? 22, options.User ?? host.User ?? Environment.UserName, identities);
    }

    private async Task<bool> PullNodeAsync(
        SshTarget target, PullOptions options, KnownHosts knownHosts, IReadOnlyList<IPrivateKeySource> agent, PullCounts counts,
        ConcurrentQueue<string> notices, string scratch, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.HostTimeout);
        try
        {
            var methods = AuthMethods(target, agent, notices);
            var node = await SshNode.ConnectAsync(target, methods, knownHosts, options.HostKeyPolicy, options.ConnectTimeout, notices.Enqueue, options.MaxLineBytes, deadline.Token).ConfigureAwait(false);
            await using (node.ConfigureAwait(false))
            {
                await new NodePuller(_collector, node, target.Name, options, scratch, notices.Enqueue).PullAsync(counts, deadline.Token).ConfigureAwait(false);
            }

            return true;
        }
        catch (NodeException ex)
        {
            await _collector.RecordAsync(options.Run, target.Name, CollectorFailureKind.Failed, ex.Message, counts, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await _collector.RecordAsync(options.Run, target.Name, CollectorFailureKind.Failed, $"not finished within --host-timeout {options.HostTimeout.TotalSeconds:0} s; what was read is stored, a new pull resumes", counts, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (Exception ex) when (ex is Renci.SshNet.Common.SshException or IOException or System.Net.Sockets.SocketException)
        {
            await _collector.RecordAsync(options.Run, target.Name, CollectorFailureKind.Failed, $"connection lost: {ex.Message}; what was read is stored, a new pull resumes", counts, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private static List<AuthenticationMethod> AuthMethods(SshTarget target, IReadOnlyList<IPrivateKeySource> agent, ConcurrentQueue<string> notices)
    {
        var keys = new List<IPrivateKeySource>(agent);
        foreach (var file in target.IdentityFiles)
        {
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                keys.Add(new PrivateKeyFile(file));
            }
            catch (Exception ex) when (ex is Renci.SshNet.Common.SshPassPhraseNullOrEmptyException)
            {
                notices.Enqueue($"{target.Name}: key {file} is protected by a passphrase; load it into ssh-agent to use it");
            }
            catch (Exception ex) when (ex is Renci.SshNet.Common.SshException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                notices.Enqueue($"{target.Name}: key {file} not used: {ex.Message}");
            }
        }

        if (keys.Count == 0)
        {
            throw new NodeException($"{target.Name}: no usable private key (tried {string.Join(", ", target.IdentityFiles)}; no agent keys); give --identity FILE");
        }

        return [new PrivateKeyAuthenticationMethod(target.User, [.. keys])];
    }
}
