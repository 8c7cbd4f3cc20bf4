using System.Text.Json;
using Triage.Alerts.Delivery;
using Triage.Alerts.Rules;
using Triage.Alerts.Tests.Support;
using Triage.Testing;

namespace Triage.Alerts.Tests.Delivery;

/// <summary>Against a real Alertmanager started per test on a loopback port.</summary>
public sealed class AlertmanagerDestinationTests : IAsyncLifetime
{
    private AlertmanagerProcess _am = null!;
    private TempStore _store = null!;
    private string _work = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        _am = await AlertmanagerProcess.StartAsync();
        _store = await TempStore.OpenAsync(TimeProvider.System);
        _work = _store.Dir;
    }

    public async Task DisposeAsync()
    {
        _am.Dispose();
        _http.Dispose();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Watch_TorchSum_AlertsArriveWithLabels_AndASecondPassSendsNothing()
    {
        var dir = TestRepository.CopySample("torch-sum", _work);
        var destination = new AlertmanagerDestination(_am.Url, _http);

        var (analysis, first, sent, failed) = await WatchHarness.PassAsync(_store.Store, dir, [destination], TimeProvider.System);
        var alerts = await _am.AlertsAsync();

        Assert.Equal(0, failed);
        Assert.Equal(first.Firing, sent);
        Assert.Equal(first.Firing, alerts.Length);
        var top = analysis.Hypotheses[0];
        var topAlert = Assert.Single(alerts, a => Label(a, "alertname") == "TriageTopHypothesis");
        Assert.Equal(top.Id, Label(topAlert, "hypothesis"));
        Assert.Equal("torch-sum", Label(topAlert, "run"));
        Assert.Equal("critical", Label(topAlert, "severity"));
        Assert.Equal("triage", Label(topAlert, "source"));
        Assert.Equal(top.Title, topAlert.GetProperty("annotations").GetProperty("hypothesis_title").GetString());
        Assert.Contains($"--explain {top.Id}", topAlert.GetProperty("annotations").GetProperty("explain").GetString(), StringComparison.Ordinal);
        Assert.Equal("active", topAlert.GetProperty("status").GetProperty("state").GetString());
        var cluster = Assert.Single(alerts, a => Label(a, "alertname") == "TriageFailureCluster");
        Assert.Null(Label(cluster, "hypothesis")); // an annotation: the explanation may change, the cluster stays one alert
        Assert.Equal(top.Id, cluster.GetProperty("annotations").GetProperty("hypothesis").GetString());
        Assert.Equal("hosts", Label(cluster, "spread"));
        var updated = alerts.ToDictionary(a => a.GetProperty("fingerprint").GetString()!, a => a.GetProperty("updatedAt").GetString());

        var (_, second, sentAgain, _) = await WatchHarness.PassAsync(_store.Store, dir, [new AlertmanagerDestination(_am.Url, _http)], TimeProvider.System);
        var after = await _am.AlertsAsync();

        Assert.Equal(0, sentAgain);
        Assert.Equal(0, second.Fired);
        Assert.Equal(alerts.Length, after.Length);
        Assert.All(after, a => Assert.Equal(updated[a.GetProperty("fingerprint").GetString()!], a.GetProperty("updatedAt").GetString()));
    }

    [Fact]
    public async Task Resolution_ClusterStopsGrowing_ReachesAlertmanager()
    {
        var dir = TestRepository.CopySample("torch-sum", _work);
        var rules = Rules("""
            alerts:
              - name: QuickCluster
                symptoms: { min_severity: error, group_by: [], min_hosts: 2, window: 6h }
                resolve_after: 2s
            """);
        await WatchHarness.PassAsync(_store.Store, dir, [new AlertmanagerDestination(_am.Url, _http)], TimeProvider.System, rules);
        Assert.Single(await _am.AlertsAsync());

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var (_, result, sent, _) = await WatchHarness.PassAsync(_store.Store, dir, [new AlertmanagerDestination(_am.Url, _http)], TimeProvider.System, rules);

        Assert.Equal(1, result.Resolved);
        Assert.Equal(1, sent);
        Assert.Empty(await _am.AlertsAsync()); // Alertmanager lists no resolved alert
        var stored = Assert.Single(await _store.Store.GetAlertsAsync([]));
        Assert.Equal(AlertStatus.Resolved, stored.Status);
        var (_, third, sentThird, _) = await WatchHarness.PassAsync(_store.Store, dir, [new AlertmanagerDestination(_am.Url, _http)], TimeProvider.System, rules);
        Assert.Equal(0, sentThird);
        Assert.Equal(0, third.Firing);
    }

    [Fact]
    public async Task AlertmanagerSilence_SuppressesTheAlert()
    {
        var dir = TestRepository.CopySample("torch-sum", _work);
        await WatchHarness.PassAsync(_store.Store, dir, [new AlertmanagerDestination(_am.Url, _http)], TimeProvider.System);

        await _am.SilenceAsync(("alertname", "TriageTopHypothesis"), ("run", "torch-sum"));
        var alerts = await _am.AlertsAsync();

        Assert.Equal("suppressed", Assert.Single(alerts, a => Label(a, "alertname") == "TriageTopHypothesis").GetProperty("status").GetProperty("state").GetString());
        Assert.All(alerts.Where(a => Label(a, "alertname") != "TriageTopHypothesis"), a => Assert.Equal("active", a.GetProperty("status").GetProperty("state").GetString()));
    }

    [Fact]
    public async Task TriageSilence_KeepsTheAlertFromBeingSent_UntilExpired()
    {
        var dir = TestRepository.CopySample("torch-sum", _work);
        var now = TimeProvider.System.GetUtcNow();
        await _store.Store.AddSilenceAsync(new Silence("s-1", ["alertname=~TriageTop.*", "run=torch-sum"], now.AddMinutes(-1), now.AddHours(1), "test", "maintenance"));

        var (_, result, _, _) = await WatchHarness.PassAsync(_store.Store, dir, [new AlertmanagerDestination(_am.Url, _http)], TimeProvider.System);

        Assert.Equal(1, result.Silenced);
        Assert.DoesNotContain(await _am.AlertsAsync(), a => Label(a, "alertname") == "TriageTopHypothesis");
        Assert.Contains(await _am.AlertsAsync(), a => Label(a, "alertname") == "TriageFailureCluster");

        Assert.True(await _store.Store.ExpireSilenceAsync("s-1", TimeProvider.System.GetUtcNow()));
        var (_, _, sent, _) = await WatchHarness.PassAsync(_store.Store, dir, [new AlertmanagerDestination(_am.Url, _http)], TimeProvider.System);

        Assert.Equal(1, sent);
        Assert.Contains(await _am.AlertsAsync(), a => Label(a, "alertname") == "TriageTopHypothesis");
    }

    internal static AlertRuleSet Rules(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), "triage-alert-rules-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, yaml);
        try
        {
            return AlertRuleSet.LoadFiles([path]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var v) ? v.GetString() : null;
}
