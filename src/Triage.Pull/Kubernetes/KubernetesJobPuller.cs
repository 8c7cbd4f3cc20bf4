using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Triage.Collectors.Collection;
using Triage.Storage;

namespace Triage.Pull.Kubernetes;

/// <summary>
/// Pulls the container logs of a Kubernetes training job through the API server (KubernetesClient): the
/// job's pods are found by label — PyTorchJob (Kubeflow training-operator: <c>training.kubeflow.org/job-name</c>,
/// older <c>pytorch-job-name</c>), JobSet (<c>jobset.sigs.k8s.io/jobset-name</c>), Job
/// (<c>batch.kubernetes.io/job-name</c>, older <c>job-name</c>), the first selector with pods wins — and each
/// container's current log and, after a restart, its previous log go through
/// <see cref="StreamSourceCollector"/>. The pod's node (<c>spec.nodeName</c>) is the host (a pod on no node yet is
/// recorded as skipped with the scheduler's reason, its logs not asked for); the source is
/// <c>NODE:k8s/NAMESPACE/POD/CONTAINER</c> (<c>…/CONTAINER.previous</c>). A log read again resumes after the
/// bytes already stored (the log API has no offsets: the head is re-read and compared, the stored bytes skipped).
/// One pod that fails is a recorded failure; the others go on.
/// </summary>
public sealed class KubernetesJobPuller(IKubernetes client, StreamSourceCollector collector)
{
    /// <summary>Label selectors tried in order, <c>{0}</c> the job name.</summary>
    public static readonly IReadOnlyList<string> Selectors =
    [
        "training.kubeflow.org/job-name={0}", "pytorch-job-name={0}", "jobset.sigs.k8s.io/jobset-name={0}", "batch.kubernetes.io/job-name={0}", "job-name={0}",
    ];

    private const int HeadBytes = PulledFile.HeadBytes;

    /// <summary>Pulls job <paramref name="job"/> in <paramref name="ns"/> into run <paramref name="run"/>; returns the pods and nodes seen.</summary>
    /// <exception cref="TriageException">The API server cannot be reached, refuses, or the job has no pods.</exception>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task<(int Pods, int Nodes)> PullAsync(string job, string ns, string run, PullCounts counts, string scratch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(counts);
        if (job.Length is 0 or > 253 || !job.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            throw new TriageException($"--k8s-job: '{Triage.Text.TerminalText.Sanitize(job, 60)}' is not a Kubernetes object name", ExitCodes.Usage);
        }

        var pods = await FindPodsAsync(job, ns, cancellationToken).ConfigureAwait(false);
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (pod.Spec?.NodeName is not { Length: > 0 } node)
            {
                // Not scheduled (Pending, Unschedulable): there is no container and no log to ask for, only the reason.
                var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
                var why = scheduled is null ? string.Empty : $" {scheduled.Reason}: {Triage.Text.TerminalText.Sanitize(scheduled.Message ?? string.Empty, 300)}";
                await collector.RecordAsync(run, $"{pod.Metadata.Name}:k8s/{ns}/{pod.Metadata.Name}", CollectorFailureKind.Skipped, $"no logs: the pod is on no node (phase {pod.Status?.Phase ?? "unknown"}){why}", counts, cancellationToken).ConfigureAwait(false);
                continue;
            }

            nodes.Add(node);
            var files = new List<PulledFile>();
            foreach (var container in pod.Spec?.Containers ?? [])
            {
                var restarted = pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container.Name) is { RestartCount: > 0 };
                foreach (var previous in restarted ? new[] { true, false } : [false])
                {
                    var source = new LogSource(pod.Metadata.Name, container.Name, previous);
                    var path = $"{node}:k8s/{ns}/{source.Pod}/{source.Container}{(previous ? ".previous" : string.Empty)}";
                    try
                    {
                        var head = await HeadAsync(source, ns, cancellationToken).ConfigureAwait(false);
                        files.Add(new PulledFile(path, source.Encode(), long.MaxValue, pod.Metadata.CreationTimestamp is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : DateTimeOffset.UnixEpoch, head));
                    }
                    catch (HttpOperationException ex)
                    {
                        await collector.RecordAsync(run, path, CollectorFailureKind.Failed, $"log not readable: {(int)ex.Response.StatusCode} {ex.Response.ReasonPhrase}", counts, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await collector.CollectFilesAsync(run, node, files, (file, offset, ct) => OpenAsync(LogSource.Decode(file.RemotePath), ns, offset, ct), scratch, counts, cancellationToken).ConfigureAwait(false);
        }

        return (pods.Count, nodes.Count);
    }

    private async Task<IReadOnlyList<V1Pod>> FindPodsAsync(string job, string ns, CancellationToken cancellationToken)
    {
        foreach (var selector in Selectors)
        {
            V1PodList list;
            try
            {
                list = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: string.Format(System.Globalization.CultureInfo.InvariantCulture, selector, job), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException ex)
            {
                throw new TriageException($"--k8s-job: listing pods in namespace '{ns}' refused: {(int)ex.Response.StatusCode} {ex.Response.ReasonPhrase}", ExitCodes.Failure, ex);
            }
            catch (HttpRequestException ex)
            {
                throw new TriageException($"--k8s-job: the API server cannot be reached: {ex.Message}", ExitCodes.Failure, ex);
            }

            if (list.Items.Count > 0)
            {
                return [.. list.Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];
            }
        }

        throw new TriageException($"--k8s-job: no pods of a PyTorchJob, JobSet or Job named '{job}' in namespace '{ns}' (their pods may have been deleted)", ExitCodes.Failure);
    }

    private async Task<byte[]> HeadAsync(LogSource source, string ns, CancellationToken cancellationToken)
    {
        var stream = await client.CoreV1.ReadNamespacedPodLogAsync(source.Pod, ns, container: source.Container, previous: source.Previous, limitBytes: HeadBytes, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var head = new byte[HeadBytes];
            var n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return head.AsSpan(0, n).ToArray();
        }
    }

    private async Task<Stream> OpenAsync(LogSource source, string ns, long offset, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await client.CoreV1.ReadNamespacedPodLogAsync(source.Pod, ns, container: source.Container, previous: source.Previous, cancellationToken: cancellationToken).ConfigureAwait(false);
            var skip = offset;
            var scratch = new byte[1 << 16];
            while (skip > 0)
            {
                var n = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, skip)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                skip -= n;
            }

            return stream;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode != HttpStatusCode.OK)
        {
            throw new IOException($"log not readable: {(int)ex.Response.StatusCode} {ex.Response.ReasonPhrase}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new IOException(ex.Message, ex);
        }
    }

    private sealed record LogSource(string Pod, string Container, bool Previous)
    {
        public string Encode() => $"{Pod}/{Container}/{(Previous ? "previous" : "current")}";

        public static LogSource Decode(string text)
        {
            var parts = text.Split('/');
            return new LogSource(parts[0], parts[1], parts[2] == "previous");
        }
    }
}
