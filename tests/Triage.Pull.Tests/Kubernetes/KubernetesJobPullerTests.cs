using System.Net;
using k8s;
using Triage.Collectors.Collection;
using Triage.Pull.Kubernetes;
using Triage.Collectors.Tests.Support;
using Triage.Pull.Tests.Support;
using Triage.Storage;
using Triage.Testing;

namespace Triage.Pull.Tests.Kubernetes;

/// <summary>
/// KubernetesClient against a stand-in API server on 127.0.0.1 serving the recorded bodies in
/// tests/data/pull/kubernetes (a real HTTP server: the client's URLs, query strings and parsing are exercised).
/// </summary>
public sealed class KubernetesJobPullerTests : IDisposable
{
    private static readonly string Data = Path.Combine(TestRepository.Data, "pull", "kubernetes");

    /// <summary>The pod list served for "NAMESPACE labelSelector"; any other selector gets an empty list.</summary>
    private static readonly Dictionary<string, string> PodLists = new(StringComparer.Ordinal)
    {
        ["training training.kubeflow.org/job-name=llama-ft"] = "podlist-pytorchjob-llama-ft.json",
        // A pod recorded on a real cluster (tests/data/pull/recorded/kubernetes); served for the Job selector.
        ["kubeshark batch.kubernetes.io/job-name=kubeshark-worker"] = "../recorded/kubernetes/podlist-kubeshark-worker-oomkilled.json",
        ["default job-name=ticktock1"] = "../recorded/kubernetes/podlist-scdf-pending-unschedulable.json",
    };
    private readonly TempDir _temp = new();
    private readonly HttpListener _listener = new();
    private readonly List<string> _requests = [];
    private readonly Task _serving;
    private readonly int _port = Sshd.FreePort();
    private readonly k8s.Kubernetes _client;

    public KubernetesJobPullerTests()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{_port}" });
    }

    public void Dispose()
    {
        _client.Dispose();
        _listener.Stop();
        _listener.Close();
        _temp.Dispose();
    }

    [Fact]
    public async Task PullAsync_PyTorchJob_ReadsCurrentAndPreviousLogsWithNodesAsHostsAndResumes()
    {
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var puller = Puller(store);

        var counts = new PullCounts();
        var (pods, nodes) = await puller.PullAsync("llama-ft", "training", "k", counts, _temp.File("scratch/.keep"));
        var again = new PullCounts();
        await puller.PullAsync("llama-ft", "training", "k", again, _temp.File("scratch/.keep"));

        Assert.Equal((2, 2), (pods, nodes));
        Assert.Contains(_requests, r => r.Contains("labelSelector=training.kubeflow.org%2Fjob-name%3Dllama-ft", StringComparison.Ordinal));
        Assert.Contains(_requests, r => r.Contains("/pods/llama-ft-master-0/log?container=pytorch&previous=true", StringComparison.Ordinal));
        Assert.DoesNotContain(_requests, r => r.Contains("llama-ft-worker-0/log", StringComparison.Ordinal) && r.Contains("previous=true", StringComparison.Ordinal));
        var symptoms = await PullHarness.AllAsync(store, "k");
        var timeouts = symptoms.Where(s => s.Kind == "nccl.timeout" && s.Severity == Triage.Symptoms.Severity.Error).ToList();
        Assert.Equal(["gpu-node-a", "gpu-node-b"], timeouts.Select(s => s.Host).Order(StringComparer.Ordinal));
        Assert.Contains(timeouts, s => s.Source.Path == "gpu-node-a:k8s/training/llama-ft-master-0/pytorch.previous" && s.Rank == 0);
        Assert.Contains(symptoms, s => s.Kind == "cuda.illegal_address" && s.Source.Path == "gpu-node-a:k8s/training/llama-ft-master-0/pytorch");
        Assert.Equal(0, counts.Failures);
        Assert.True(counts.SymptomsNew > 0);
        Assert.Equal(0, again.SymptomsNew);
    }

    [Fact]
    public async Task PullAsync_NoPodsUnderAnySelector_SaysSoAndTriedEveryKind()
    {
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var puller = Puller(store);

        var error = await Assert.ThrowsAsync<TriageException>(() => puller.PullAsync("gone", "training", "k", new PullCounts(), _temp.Path));

        Assert.Contains("no pods of a PyTorchJob, JobSet or Job named 'gone'", error.Message, StringComparison.Ordinal);
        Assert.Equal(KubernetesJobPuller.Selectors.Count, _requests.Count(r => r.Contains("labelSelector=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PullAsync_RecordedPodOomKilledOnceWithNoLogs_NodeIsTheHostPreviousLogAskedAndEachMissingLogRecorded()
    {
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var puller = Puller(store);
        var counts = new PullCounts();

        var (pods, nodes) = await puller.PullAsync("kubeshark-worker", "kubeshark", "r", counts, _temp.File("scratch/.keep"));

        Assert.Equal((1, 1), (pods, nodes));
        Assert.Contains(_requests, r => r == "/api/v1/namespaces/kubeshark/pods/kubeshark-worker-daemon-set-hvn25/log?container=kubeshark-worker&limitBytes=8192&previous=true");
        var failures = await store.GetFailuresAsync("r");
        Assert.Equal(
            ["mizu:k8s/kubeshark/kubeshark-worker-daemon-set-hvn25/kubeshark-worker", "mizu:k8s/kubeshark/kubeshark-worker-daemon-set-hvn25/kubeshark-worker.previous"],
            failures.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(failures, f => Assert.Equal("log not readable: 404 Not Found", f.Reason));
        Assert.Equal(2, counts.Failures);
    }

    [Fact]
    public async Task PullAsync_RecordedUnschedulablePod_NoLogAskedAndTheSchedulersReasonRecorded()
    {
        await using var store = await PullHarness.StoreAsync(_temp, "s.db");
        var puller = Puller(store);

        var (pods, nodes) = await puller.PullAsync("ticktock1", "default", "p", new PullCounts(), _temp.File("scratch/.keep"));

        Assert.Equal((1, 0), (pods, nodes));
        Assert.DoesNotContain(_requests, r => r.Contains("/log", StringComparison.Ordinal));
        var skipped = Assert.Single(await store.GetFailuresAsync("p"));
        Assert.Equal(CollectorFailureKind.Skipped, skipped.Kind);
        Assert.Equal("ticktock1-log-v1-67468fc4cf-7sjhq:k8s/default/ticktock1-log-v1-67468fc4cf-7sjhq", skipped.Path);
        Assert.Equal("no logs: the pod is on no node (phase Pending) Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.", skipped.Reason);
    }

    private KubernetesJobPuller Puller(ISymptomStore store) => new(_client, new StreamSourceCollector(store, PullHarness.Rules, TimeProvider.System));

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var url = context.Request.Url!;
            lock (_requests)
            {
                _requests.Add(url.PathAndQuery);
            }

            var query = System.Web.HttpUtility.ParseQueryString(url.Query);
            string? file = null;
            var contentType = "application/json";
            var segments = url.AbsolutePath.Split('/');
            if (segments is ["", "api", "v1", "namespaces", var ns, "pods"])
            {
                file = PodLists.TryGetValue($"{ns} {query["labelSelector"]}", out var list) ? list : "empty-podlist.json";
            }
            else if (segments is ["", "api", "v1", "namespaces", _, "pods", var pod, "log"])
            {
                file = pod + (query["previous"] == "true" ? ".previous.log" : ".log");
                contentType = "text/plain";
            }

            var path = file is null ? null : Path.Combine(Data, file);
            if (path is null || !File.Exists(path))
            {
                context.Response.StatusCode = 404;
                context.Response.Close();
                continue;
            }

            var body = await File.ReadAllBytesAsync(path);
            if (int.TryParse(query["limitBytes"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit < body.Length)
            {
                body = body[..limit];
            }

            context.Response.ContentType = contentType;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
