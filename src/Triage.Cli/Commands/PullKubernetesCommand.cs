using System.Globalization;
using k8s;
using Triage.Collectors.Collection;
using Triage.Pull;
using Triage.Pull.Kubernetes;
using Triage.Storage;

namespace Triage.Cli.Commands;

/// <summary><c>triage pull --k8s-job NAME</c>: a Kubernetes job's container logs through the API server.</summary>
internal static class PullKubernetesCommand
{
    public static async Task<int> RunAsync(
        CliEnvironment env, ISymptomStore store, StreamSourceCollector collector, string job, string run, string? ns, string? kubeconfig, PullOptions options, CancellationToken token)
    {
        if (options.Paths.Count > 0 || options.Journal || options.Dmesg || options.Cores)
        {
            throw new TriageException("pull --k8s-job reads container logs through the API server; --paths, --journal, --dmesg and --cores need SSH to the nodes (--hosts)", ExitCodes.Usage);
        }

        KubernetesClientConfiguration config;
        try
        {
            var file = kubeconfig is not null ? env.Resolve(kubeconfig) : env.GetVariable("KUBECONFIG");
            config = file is not null
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(file)
                : KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException)
        {
            throw new TriageException($"--k8s-job: no usable kubeconfig: {ex.Message}", ExitCodes.Usage, ex);
        }

        using var client = new Kubernetes(config);
        var counts = new PullCounts();
        var scratch = Path.Combine(Path.GetTempPath(), "triage-pull-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var (pods, nodes) = await new KubernetesJobPuller(client, collector).PullAsync(job, ns ?? config.Namespace ?? "default", run, counts, scratch, token).ConfigureAwait(false);
        await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"kubernetes job {job}: {pods} pods on {nodes} nodes")).ConfigureAwait(false);
        return await PullCommand.ReportAsync(env, store, new PullResult(run, nodes, 0, counts, []), token).ConfigureAwait(false);
    }
}
