using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Triage.Alerts.Delivery;
using Triage.Alerts.Evaluation;
using Triage.Alerts.Tests.Delivery;
using Triage.Alerts.Tests.Support;
using Triage.Hypotheses;
using Triage.Simulator;
using Triage.Storage;

namespace Triage.Alerts.Tests;

/// <summary>
/// A simulated torch-sum incident (64 ranks, seed 1) written into a watched directory in four
/// slices, one watch pass after each: the crash cluster is one alert (updated when the engine's
/// explanation improves), ending with the hypothesis that names the simulator's true cause, and the
/// watchdog-timeout cascade never alerts on its own.
/// </summary>
public sealed class GrowingIncidentTests : IAsyncLifetime
{
    private const int Slices = 4;
    private readonly WebhookReceiver _receiver = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private TempStore _store = null!;

    public async Task InitializeAsync() => _store = await TempStore.OpenAsync(_time);

    public async Task DisposeAsync()
    {
        _receiver.Dispose();
        _http.Dispose();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task TorchSum_GrowingInSlices_AlertsOnceForTheCrashCluster_WithTheTrueCause_AndNotForTheCollateral()
    {
        var simulated = Path.Combine(_store.Dir, "simulated");
        var result = RunSimulator.Simulate(new SimulationOptions { Scenarios = ["torch-sum"], OutputDirectory = simulated, Ranks = 64, Seed = 1 });
        var truth = JsonDocument.Parse(File.ReadAllText(RunSimulator.TruthPathFor(simulated))).RootElement.GetProperty("causes")[0].GetProperty("match")[0][0];
        var trueFactor = new Factor(truth.GetProperty("key").GetString()!, truth.GetProperty("value").GetString()!);
        var watched = Path.Combine(_store.Dir, "job-64");
        var files = Directory.GetFiles(simulated, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(simulated, f), File.ReadAllLines);
        Assert.True(files.Count > 10, $"the simulator wrote {result} files");

        Analysis analysis = null!;
        for (var slice = 0; slice < Slices; slice++)
        {
            AppendSlice(files, watched, slice);
            _time.Advance(TimeSpan.FromMinutes(10));
            (analysis, _, _, var failed) = await WatchHarness.PassAsync(_store.Store, watched, [new WebhookDestination(_receiver.Url, _http)], _time);
            Assert.Equal(0, failed);
        }

        var notified = _receiver.Bodies
            .SelectMany(b => JsonDocument.Parse(b).RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.Clone()))
            .ToList();
        var clusterFirings = notified
            .Where(a => Label(a, "alertname") == "TriageFailureCluster" && a.GetProperty("status").GetString() == "firing")
            .ToList();
        var cause = Assert.Single(analysis.Hypotheses, h => h.Factors.Contains(trueFactor));
        Assert.Equal(1, cause.Rank);
        Assert.Single(clusterFirings.Select(a => a.GetProperty("fingerprint").GetString()).Distinct());
        // One alert that started once: later notifications of the run's group list it again (as
        // Alertmanager's group notifications do) with the same start.
        Assert.Single(clusterFirings.Select(a => a.GetProperty("starts_at").GetString()).Distinct());
        Assert.Equal(cause.Id, clusterFirings[^1].GetProperty("annotations").GetProperty("hypothesis").GetString());
        Assert.DoesNotContain(notified, a => Label(a, "alertname") == "TriageFailureCluster" && a.GetProperty("status").GetString() == "resolved");
        var stored = Assert.Single(await _store.Store.GetAlertsAsync(["job-64"]), a => a.Labels["alertname"] == "TriageFailureCluster");
        Assert.Equal(AlertStatus.Firing, stored.Status);
        Assert.Contains(trueFactor.ToString(), stored.Annotations["hypothesis_title"], StringComparison.Ordinal);

        // The cascade: every kind the engine attributed only as collateral stays out of every alert.
        var collateralOnly = await CollateralOnlyKindsAsync(analysis);
        Assert.Contains("nccl.timeout", collateralOnly);
        Assert.DoesNotContain(notified, a => Label(a, "kind") is { } kind && collateralOnly.Contains(kind));
        Assert.DoesNotContain(notified, a => a.GetProperty("annotations").TryGetProperty("samples", out var s) && s.GetString()!.Contains(" nccl.timeout ", StringComparison.Ordinal));

        // Control: the same rule counting collateral would have paged for the timeouts.
        var withCollateral = AlertmanagerDestinationTests.Rules("""
            alerts:
              - name: Timeouts
                symptoms: { kinds: [nccl.timeout], min_severity: warning, min_hosts: 3, include_collateral: true }
              - name: TimeoutsRootsOnly
                symptoms: { kinds: [nccl.timeout], min_severity: warning, min_hosts: 3 }
            """);
        var candidates = await new AlertEvaluator(withCollateral, _store.Store).EvaluateAsync(analysis, "x {id}");
        Assert.Equal(["Timeouts"], candidates.Select(c => c.Labels["alertname"]).ToList());
    }

    private static void AppendSlice(Dictionary<string, string[]> files, string watched, int slice)
    {
        foreach (var (relative, lines) in files)
        {
            var from = lines.Length * slice / Slices;
            var to = lines.Length * (slice + 1) / Slices;
            var path = Path.Combine(watched, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllLines(path, lines[from..to]);
        }
    }

    private async Task<HashSet<string>> CollateralOnlyKindsAsync(Analysis analysis)
    {
        var roles = new Dictionary<string, HashSet<AttributionRole?>>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await _store.Store.QueryAsync(new SymptomFilter { Run = analysis.Run }, new SymptomPageRequest { Size = 5000, Cursor = cursor });
            foreach (var s in page.Items)
            {
                if (!roles.TryGetValue(s.Kind, out var set))
                {
                    roles[s.Kind] = set = [];
                }

                set.Add(analysis.Attribution.Resolve(s)?.Role);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return roles.Where(r => r.Value.SetEquals([AttributionRole.Collateral])).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
    }

    private static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var v) ? v.GetString() : null;
}
