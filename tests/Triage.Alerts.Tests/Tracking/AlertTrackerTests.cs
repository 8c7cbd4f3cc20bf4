using Triage.Alerts.Evaluation;
using Triage.Alerts.Tracking;

namespace Triage.Alerts.Tests.Tracking;

public sealed class AlertTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 2, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Update_NewCluster_Fires_AndUnchangedNextPassChangesNothing()
    {
        var (all, changed) = AlertTracker.Update([Cluster("h-1", 3)], [], T0);

        var alert = Assert.Single(all);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(T0, alert.StartsAt);
        Assert.Single(changed);

        var (again, changedAgain) = AlertTracker.Update([Cluster("h-1", 3)], all, T0.AddMinutes(5));

        Assert.Empty(changedAgain);
        Assert.Equal(alert, Assert.Single(again));
    }

    [Fact]
    public void Update_ClusterQuietForResolveAfter_Resolves_AndGrowingAgainRefires()
    {
        var (all, _) = AlertTracker.Update([Cluster("h-1", 3)], [], T0);
        var (grown, _) = AlertTracker.Update([Cluster("h-1", 5)], all, T0.AddMinutes(30));
        Assert.Equal(T0.AddMinutes(30), Assert.Single(grown).LastGrowthAt);

        var (quiet, _) = AlertTracker.Update([Cluster("h-1", 5)], grown, T0.AddMinutes(89));
        Assert.Equal(AlertStatus.Firing, Assert.Single(quiet).Status);

        var (resolved, changed) = AlertTracker.Update([Cluster("h-1", 5)], quiet, T0.AddMinutes(90));
        var r = Assert.Single(resolved);
        Assert.Equal(AlertStatus.Resolved, r.Status);
        Assert.Equal(T0.AddMinutes(90), r.EndsAt);
        Assert.Single(changed);

        var (refired, _) = AlertTracker.Update([Cluster("h-1", 6)], resolved, T0.AddMinutes(120));
        Assert.Equal(AlertStatus.Firing, Assert.Single(refired).Status);
        Assert.Null(refired[0].EndsAt);
    }

    [Fact]
    public void Update_ExplainingHypothesisChanges_SameAlertWithNewAnnotations()
    {
        var (all, _) = AlertTracker.Update([Cluster("none", 2)], [], T0);

        var (after, changed) = AlertTracker.Update([Cluster("h-7", 3)], all, T0.AddMinutes(10));

        var alert = Assert.Single(after);
        Assert.Single(changed);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(T0, alert.StartsAt);
        Assert.Equal("h-7", alert.Annotations["hypothesis"]);
    }

    [Fact]
    public void Update_TwoHypothesisAlerts_Coexist()
    {
        var h1 = new AlertCandidate(Labels("TriageHypotheses", "h-1"), new Dictionary<string, string>(), 100, TimeSpan.Zero, ResolveWhenAbsent: true);
        var h2 = h1 with { Labels = Labels("TriageHypotheses", "h-2") };

        var (after, _) = AlertTracker.Update([h1, h2], [], T0);

        Assert.Equal(2, after.Count(a => a.Status == AlertStatus.Firing));
    }

    [Fact]
    public void Update_HypothesisAlertNoLongerQualifies_ResolvesAtOnce()
    {
        var top = new AlertCandidate(Labels("TriageTopHypothesis", "h-1"), new Dictionary<string, string>(), 100, TimeSpan.Zero, ResolveWhenAbsent: true);
        var (all, _) = AlertTracker.Update([top], [], T0);

        var next = top with { Labels = Labels("TriageTopHypothesis", "h-2") };
        var (after, _) = AlertTracker.Update([next], all, T0.AddMinutes(1));

        Assert.Equal(AlertStatus.Resolved, Assert.Single(after, a => a.Labels["hypothesis"] == "h-1").Status);
        Assert.Equal(AlertStatus.Firing, Assert.Single(after, a => a.Labels["hypothesis"] == "h-2").Status);
    }

    [Fact]
    public void Fingerprint_DependsOnLabelsNotTheirOrder()
    {
        var a = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        var b = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };

        Assert.Equal(AlertFingerprint.Of(a), AlertFingerprint.Of(b));
        Assert.NotEqual(AlertFingerprint.Of(a), AlertFingerprint.Of(new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" }));
    }

    private static AlertCandidate Cluster(string hypothesis, long size) =>
        new(new Dictionary<string, string> { ["alertname"] = "TriageFailureCluster", ["run"] = "r" }, new Dictionary<string, string> { ["hypothesis"] = hypothesis }, size, TimeSpan.FromHours(1), ResolveWhenAbsent: false);

    private static Dictionary<string, string> Labels(string name, string hypothesis) => new()
    {
        ["alertname"] = name,
        ["run"] = "r",
        ["hypothesis"] = hypothesis,
    };
}
