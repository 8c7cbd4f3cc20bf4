using System.CommandLine;
using System.Globalization;
using Triage.Cli.Output;
using Triage.Collectors.Collection;
using Triage.Pull;
using Triage.Pull.Hosts;
using Triage.Pull.Slurm;
using Triage.Pull.Ssh;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage pull</c>: logs, the journal (or dmesg) and core dumps straight from the nodes over SSH (a host list,
/// a host file or a Slurm job's nodes), or a Kubernetes job's container logs; resumable like <c>collect</c>.
/// </summary>
internal static class PullCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var hosts = new Option<string?>("--hosts") { Description = "Nodes: NAME or NAME=ADDRESS[:PORT], comma-separated (NAME may be an ~/.ssh/config alias)" };
        var hostfile = new Option<string?>("--hostfile") { Description = "File with one node a line (same entries as --hosts; # comments)" };
        var slurmJob = new Option<string?>("--slurm-job") { Description = "Pull the nodes of this Slurm job (scontrol/sacct run here, or on --login-host); its stdout/stderr from the batch host" };
        var k8sJob = new Option<string?>("--k8s-job") { Description = "Pull the container logs (current and previous) of this Kubernetes PyTorchJob, JobSet or Job" };
        var run = new Option<string?>("--run") { Description = "Run name (default: job-ID for --slurm-job, the job name for --k8s-job; required otherwise)" };
        var paths = new Option<string[]>("--paths") { Description = "Path globs on each node (*, ?, [..], **); files are recognised by content", AllowMultipleArgumentsPerToken = true };
        var journal = new Option<bool>("--journal") { Description = "Read journalctl -o json (kernel and unit messages); dmesg -T when the node has no journal" };
        var dmesg = new Option<bool>("--dmesg") { Description = "Read dmesg -T (in UTC)" };
        var cores = new Option<bool>("--cores") { Description = "Read the core dumps coredumpctl lists" };
        var since = new Option<string?>("--since") { Description = "Only entries and files since: 2026-05-02T03:00:00Z, 2026-05-02 03:00 (UTC), or an age: 90m, 6h, 2d" };
        var parallel = new Option<int>("--parallel") { Description = "Nodes pulled at once", DefaultValueFactory = _ => 16 };
        var user = new Option<string?>("--user", "-l") { Description = "SSH user (default: ~/.ssh/config's User, else the current user)" };
        var identity = new Option<string[]>("--identity", "-i") { Description = "Private key file(s) to offer (default: ~/.ssh/config's IdentityFile, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa); ssh-agent keys are offered first", AllowMultipleArgumentsPerToken = true };
        var knownHosts = new Option<string?>("--known-hosts") { Description = "Known-hosts file (default ~/.ssh/known_hosts; /etc/ssh/ssh_known_hosts is read too)" };
        var policy = new Option<string>("--host-key-policy") { Description = "Unknown host keys: accept-new (record them, as OpenSSH's accept-new) or strict (refuse). A changed key is always refused", DefaultValueFactory = _ => "accept-new" };
        policy.AcceptOnlyFromAmong("accept-new", "strict");
        var sshConfig = new Option<string?>("--ssh-config") { Description = "ssh config file (default ~/.ssh/config)" };
        var noAgent = new Option<bool>("--no-agent") { Description = "Do not offer the keys of the ssh-agent at SSH_AUTH_SOCK" };
        var connectTimeout = new Option<int>("--connect-timeout") { Description = "Seconds to connect to a node", DefaultValueFactory = _ => 10 };
        var hostTimeout = new Option<int>("--host-timeout") { Description = "Seconds for everything on one node", DefaultValueFactory = _ => 1800 };
        var loginHost = new Option<string?>("--login-host") { Description = "Run scontrol/squeue/sacct on this node over SSH (NAME or NAME=ADDRESS[:PORT]) instead of here" };
        var journalctl = new Option<string>("--journalctl") { Description = "journalctl program on the nodes", DefaultValueFactory = _ => "journalctl" };
        var dmesgCommand = new Option<string>("--dmesg-command") { Description = "dmesg program on the nodes", DefaultValueFactory = _ => "dmesg" };
        var coredumpctl = new Option<string>("--coredumpctl") { Description = "coredumpctl program on the nodes", DefaultValueFactory = _ => "coredumpctl" };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Kubernetes namespace (default: the kubeconfig context's, else default)" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else in-cluster)" };
        var command = new Command("pull", "Pull logs, journals and core dumps straight from the nodes (SSH, a Slurm job, a Kubernetes job) into the store, resumably")
        {
            hosts, hostfile, slurmJob, k8sJob, run, paths, journal, dmesg, cores, since, parallel, user, identity, knownHosts, policy, sshConfig, noAgent,
            connectTimeout, hostTimeout, loginHost, journalctl, dmesgCommand, coredumpctl, ns, kubeconfig,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var sources = new[] { parse.GetValue(hosts), parse.GetValue(hostfile), parse.GetValue(slurmJob), parse.GetValue(k8sJob) }.Count(s => s is not null);
            if (sources != 1)
            {
                throw new TriageException("pull: give exactly one of --hosts, --hostfile, --slurm-job, --k8s-job", ExitCodes.Usage);
            }

            var sinceTime = parse.GetValue(since) is { } s ? SinceParser.Parse(s, env.Time.GetUtcNow()) : (DateTimeOffset?)null;
            var rules = RulesLocation.Load(parse.GetValue(global.Rules), env);
            var home = env.GetVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var baseOptions = new PullOptions
            {
                Run = "?",
                Paths = parse.GetValue(paths) ?? [],
                Journal = parse.GetValue(journal),
                Dmesg = parse.GetValue(dmesg),
                Cores = parse.GetValue(cores),
                Since = sinceTime,
                Parallel = parse.GetValue(parallel),
                User = parse.GetValue(user),
                IdentityFiles = (parse.GetValue(identity) ?? []).Select(env.Resolve).ToArray(),
                AgentSocket = parse.GetValue(noAgent) ? null : env.GetVariable("SSH_AUTH_SOCK"),
                KnownHostsFile = parse.GetValue(knownHosts) is { } k ? env.Resolve(k) : null,
                HostKeyPolicy = parse.GetValue(policy) == "strict" ? HostKeyPolicy.Strict : HostKeyPolicy.AcceptNew,
                SshConfigFile = parse.GetValue(sshConfig) is { } c ? env.Resolve(c) : null,
                ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(connectTimeout))),
                HostTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(hostTimeout))),
                JournalCommand = parse.GetValue(journalctl)!,
                DmesgCommand = parse.GetValue(dmesgCommand)!,
                CoredumpctlCommand = parse.GetValue(coredumpctl)!,
            };

            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var collector = new StreamSourceCollector(store, rules, env.Time, dumps: DumpCommand.DumpOptionsFor(parse.GetValue(global.Rules), null, env));
            if (parse.GetValue(k8sJob) is { } k8s)
            {
                return await PullKubernetesCommand.RunAsync(env, store, collector, k8s, parse.GetValue(run) ?? k8s, parse.GetValue(ns), parse.GetValue(kubeconfig), baseOptions, token).ConfigureAwait(false);
            }

            var runner = new PullRunner(collector, env.Time, home);
            IReadOnlyList<NodeSpec> nodes;
            var options = baseOptions;
            if (parse.GetValue(slurmJob) is { } job)
            {
                var login = parse.GetValue(loginHost) is { } l ? HostListParser.ParseEntry(l, "--login-host") : null;
                var slurm = await SlurmJobResolver.ResolveAsync(job, login is null ? new LocalCommandRunner() : runner.CommandRunner(login, baseOptions), token).ConfigureAwait(false);
                nodes = slurm.Nodes.Select(n => new NodeSpec(n, n, null)).ToList();
                options = options with { Run = parse.GetValue(run) ?? "job-" + slurm.JobId, NodePaths = slurm.OutputPaths() };
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"slurm job {slurm.JobId} ({Triage.Text.TerminalText.Sanitize(slurm.State)}): {nodes.Count} nodes {Triage.Text.TerminalText.Sanitize(slurm.NodeList)}")).ConfigureAwait(false);
            }
            else
            {
                nodes = parse.GetValue(hosts) is { } list ? HostListParser.ParseList(list) : ReadHostFile(env.Resolve(parse.GetValue(hostfile)!));
                options = options with { Run = parse.GetValue(run) ?? throw new TriageException("pull: give --run NAME (the run the symptoms belong to)", ExitCodes.Usage) };
            }

            if (options.Paths.Count == 0 && options.NodePaths.Count == 0 && !options.Journal && !options.Dmesg && !options.Cores)
            {
                throw new TriageException("pull: nothing to read: give --paths GLOB, --journal, --dmesg or --cores", ExitCodes.Usage);
            }

            var progress = env.ErrorIsTerminal ? new PullProgressBar(env) : null;
            var result = await runner.RunAsync(nodes, options, progress, token).ConfigureAwait(false);
            progress?.Clear();
            return await ReportAsync(env, store, result, token).ConfigureAwait(false);
        }, ct));
        return command;
    }

    internal static async Task<int> ReportAsync(CliEnvironment env, Triage.Storage.ISymptomStore store, PullResult result, CancellationToken token)
    {
        foreach (var notice in result.Notices)
        {
            await env.Error.WriteLineAsync("note: " + Triage.Text.TerminalText.Sanitize(notice)).ConfigureAwait(false);
        }

        var c = result.Counts;
        await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"run '{result.Run}': {result.Nodes - result.NodesFailed}/{result.Nodes} nodes pulled, {c.Sources} sources, {CollectCommand.Bytes(c.BytesRead)}, {c.LinesRead} lines read; {c.SymptomsFound} symptoms ({c.SymptomsNew} new); {c.Failures} failed, {c.Skipped} skipped{(c.Failures + c.Skipped > 0 ? " (see 'triage status')" : string.Empty)}")).ConfigureAwait(false);
        await SymptomsCommand.WriteByKindAsync(store, result.Run, env, token).ConfigureAwait(false);
        return c.Failures > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
    }

    private static IReadOnlyList<NodeSpec> ReadHostFile(string path)
    {
        try
        {
            if (new FileInfo(path).Length > 16 << 20)
            {
                throw new TriageException($"--hostfile: '{path}' is larger than 16 MiB", ExitCodes.Usage);
            }

            return HostListParser.ParseFile(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TriageException($"--hostfile: '{path}' cannot be read: {ex.Message}", ExitCodes.Usage, ex);
        }
    }
}
