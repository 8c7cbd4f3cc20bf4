using Triage.Alerts;

namespace Triage.Storage.Embedded.Tests;

/// <summary>The watcher's state (<see cref="IAlertState"/>) in the embedded store: survives reopening, keyed as documented.</summary>
public sealed class SqliteSymptomStoreAlertStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 2, 3, 14, 7, TimeSpan.Zero);

    [Fact]
    public async Task Alerts_SavedAndReplaced_ReadBackAfterReopen_ByRun()
    {
        await using var temp = await TempStore.CreateAsync();
        var firing = Alert("f1", "run-a", AlertStatus.Firing, null);
        await temp.Store.SaveAlertsAsync([firing, Alert("f2", "run-b", AlertStatus.Firing, null)]);
        await temp.Store.SaveAlertsAsync([firing with { Status = AlertStatus.Resolved, EndsAt = T0.AddHours(2), Size = 9 }]);

        var reopened = await temp.OpenAsync();
        var runA = await reopened.GetAlertsAsync(["run-a"]);

        var a = Assert.Single(runA);
        Assert.Equal(AlertStatus.Resolved, a.Status);
        Assert.Equal(T0.AddHours(2), a.EndsAt);
        Assert.Equal(9, a.Size);
        Assert.Equal("node-017 \"quoted\" é", a.Labels["host"]);
        Assert.Equal("line one\nline two", a.Annotations["evidence"]);
        Assert.Equal(TimeSpan.FromMinutes(90), a.ResolveAfter);
        Assert.Equal(2, (await reopened.GetAlertsAsync([])).Count);
    }

    [Fact]
    public async Task Deliveries_OnePerDestinationAndKey_LastWins()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.SaveDeliveryAsync(new AlertDelivery("am", "k", "Firing|1", T0));
        await temp.Store.SaveDeliveryAsync(new AlertDelivery("am", "k", "Resolved|2", T0.AddMinutes(5)));
        await temp.Store.SaveDeliveryAsync(new AlertDelivery("webhook", "k", "x", T0));

        var am = await temp.Store.GetDeliveriesAsync("am");

        var d = Assert.Single(am).Value;
        Assert.Equal("Resolved|2", d.Hash);
        Assert.Equal(T0.AddMinutes(5), d.SentAt);
        Assert.Empty(await temp.Store.GetDeliveriesAsync("slack"));
    }

    [Fact]
    public async Task Silences_AddListExpire()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.AddSilenceAsync(new Silence("s-1", ["host=node-017", "alertname=~Triage.*"], T0, T0.AddHours(2), "alice", "reboot"));

        Assert.True(await temp.Store.ExpireSilenceAsync("s-1", T0.AddMinutes(30)));
        Assert.False(await temp.Store.ExpireSilenceAsync("s-404", T0));
        var s = Assert.Single(await (await temp.OpenAsync()).GetSilencesAsync());

        Assert.Equal(["host=node-017", "alertname=~Triage.*"], s.Matchers);
        Assert.Equal(T0.AddMinutes(30), s.EndsAt);
        Assert.Equal("alice", s.CreatedBy);
        Assert.Equal("reboot", s.Comment);
    }

    private static AlertRecord Alert(string fingerprint, string run, AlertStatus status, DateTimeOffset? ends) => new(
        fingerprint,
        new Dictionary<string, string> { ["alertname"] = "TriageFailureCluster", ["run"] = run, ["host"] = "node-017 \"quoted\" é" },
        new Dictionary<string, string> { ["evidence"] = "line one\nline two" },
        status,
        T0,
        ends,
        4,
        T0,
        TimeSpan.FromMinutes(90));
}
