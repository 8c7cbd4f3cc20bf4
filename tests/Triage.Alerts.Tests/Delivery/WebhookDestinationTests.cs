using System.Text.Json;
using Triage.Alerts.Delivery;
using Triage.Alerts.Tests.Support;
using Triage.Testing;

namespace Triage.Alerts.Tests.Delivery;

/// <summary>The generic webhook and Slack text against a loopback HTTP receiver; retries and the bounded queue.</summary>
public sealed class WebhookDestinationTests : IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private TempStore _store = null!;

    public async Task InitializeAsync() => _store = await TempStore.OpenAsync(TimeProvider.System);

    public async Task DisposeAsync()
    {
        _receiver.Dispose();
        _http.Dispose();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_TorchSum_OneTriageAlertV1PerGroup_AndNoRepeatOnTheNextPass()
    {
        var dir = TestRepository.CopySample("torch-sum", _store.Dir);

        var (analysis, result, sent, _) = await WatchHarness.PassAsync(_store.Store, dir, [new WebhookDestination(_receiver.Url, _http)], TimeProvider.System);

        var bodies = _receiver.Bodies.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        var groups = bodies.Select(b => b.GetProperty("group_key").GetString()).ToList();
        Assert.Equal(groups.Count, groups.Distinct().Count());
        Assert.Equal(sent, bodies.Count);
        Assert.All(bodies, b => Assert.Equal("triage.alert/v1", b.GetProperty("schema").GetString()));
        Assert.All(bodies, b => Assert.Equal("firing", b.GetProperty("status").GetString()));
        var top = analysis.Hypotheses[0];
        var topGroup = Assert.Single(bodies, b => b.GetProperty("group_key").GetString() == "{run=\"torch-sum\"}");
        Assert.Equal("torch-sum", topGroup.GetProperty("group_labels").GetProperty("run").GetString());
        var names = topGroup.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()).ToList();
        Assert.Contains("TriageTopHypothesis", names);
        Assert.Contains("TriageFailureCluster", names);
        Assert.Equal(result.Firing, bodies.Sum(b => b.GetProperty("alerts").GetArrayLength()));
        var first = topGroup.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("labels").GetProperty("alertname").GetString() == "TriageTopHypothesis");
        Assert.Equal(top.Id, first.GetProperty("labels").GetProperty("hypothesis").GetString());
        Assert.Equal(16, first.GetProperty("fingerprint").GetString()!.Length);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("ends_at").ValueKind);
        Assert.Equal(top.Title, first.GetProperty("annotations").GetProperty("hypothesis_title").GetString());

        var (_, _, again, _) = await WatchHarness.PassAsync(_store.Store, dir, [new WebhookDestination(_receiver.Url, _http)], TimeProvider.System);

        Assert.Equal(0, again);
        Assert.Equal(bodies.Count, _receiver.Bodies.Count);
    }

    [Fact]
    public async Task Slack_TorchSum_TextNamesTheHypothesisAndTheExplainCommand()
    {
        var dir = TestRepository.CopySample("torch-sum", _store.Dir);

        var (analysis, _, _, _) = await WatchHarness.PassAsync(_store.Store, dir, [new SlackDestination(_receiver.Url, _http)], TimeProvider.System);

        var top = analysis.Hypotheses[0];
        var text = _receiver.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("text").GetString()!).Single(t => t.Contains(top.Id, StringComparison.Ordinal) && t.Contains("TriageTopHypothesis", StringComparison.Ordinal));
        Assert.StartsWith("*[FIRING:", text, StringComparison.Ordinal);
        Assert.Contains(top.Title.Replace("<", "&lt;", StringComparison.Ordinal), text, StringComparison.Ordinal);
        Assert.Contains($"`triage analyze {dir} --explain {top.Id}`", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusingDestination_RetriesGivesUpRecordsNothing_AndTheNextPassDelivers()
    {
        var dir = TestRepository.CopySample("torch-sum", _store.Dir);
        _receiver.Status = 503;
        var options = new DeliveryOptions { Attempts = 3, FirstBackoff = TimeSpan.FromMilliseconds(10) };

        var (_, result, sent, failed) = await WatchHarness.PassAsync(_store.Store, dir, [new WebhookDestination(_receiver.Url, _http)], TimeProvider.System, delivery: options);

        Assert.Equal(0, sent);
        Assert.True(failed > 0);
        Assert.Equal(failed * 3, _receiver.Requests);
        Assert.Empty(await _store.Store.GetDeliveriesAsync(new WebhookDestination(_receiver.Url, _http).Name));
        Assert.True(result.Firing > 0); // the alerts themselves are tracked

        _receiver.Status = 200;
        var (_, _, sentLater, failedLater) = await WatchHarness.PassAsync(_store.Store, dir, [new WebhookDestination(_receiver.Url, _http)], TimeProvider.System, delivery: options);

        Assert.Equal(failed, sentLater);
        Assert.Equal(0, failedLater);
    }

    [Fact]
    public async Task UnreachableDestination_DoesNotStopThePass()
    {
        var dir = TestRepository.CopySample("torch-sum", _store.Dir);
        var nobody = new Uri($"http://127.0.0.1:{WebhookReceiver.FreePort()}/hook");

        var (analysis, result, sent, failed) = await WatchHarness.PassAsync(
            _store.Store, dir, [new WebhookDestination(nobody, _http), new WebhookDestination(_receiver.Url, _http)], TimeProvider.System,
            delivery: new DeliveryOptions { Attempts = 2, FirstBackoff = TimeSpan.FromMilliseconds(10) });

        Assert.True(analysis.Symptoms > 0);
        Assert.True(failed > 0);
        Assert.Equal(failed, sent); // the reachable receiver got as many as the unreachable one failed
        Assert.Equal(sent, _receiver.Bodies.Count);
        Assert.True(result.Queued > 0);
    }

    [Fact]
    public async Task BoundedQueue_Full_DropsAndLeavesItForTheNextPass()
    {
        var store = _store.Store;
        var blocked = new TaskCompletionSource();
        var destination = new BlockingDestination(blocked.Task);
        await using var dispatcher = new AlertDispatcher([destination], store, TimeProvider.System, new DeliveryOptions { QueueCapacity = 1 });

        var accepted = Enumerable.Range(0, 5).Count(i => dispatcher.Enqueue(destination, new Outgoing($"k{i}", "h", "{}", $"item {i}")));
        blocked.SetResult();
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(accepted, 1, 2); // one being sent, at most one waiting
        Assert.Equal(5 - accepted, dispatcher.Dropped);
        Assert.Equal(accepted, (await store.GetDeliveriesAsync(destination.Name)).Count);
    }

    private sealed class BlockingDestination(Task release) : IAlertDestination
    {
        public string Name => "blocking";

        public IReadOnlyList<Outgoing> Plan(IReadOnlyList<AlertRecord> alerts, IReadOnlyDictionary<string, AlertDelivery> delivered, IReadOnlyList<Silence> silences, Triage.Alerts.Rules.AlertRoute route, DateTimeOffset now) => [];

        public async Task SendAsync(Outgoing outgoing, CancellationToken cancellationToken) => await release.WaitAsync(cancellationToken);
    }
}
