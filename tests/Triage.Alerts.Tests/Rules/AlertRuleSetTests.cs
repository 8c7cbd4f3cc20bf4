using Triage.Alerts.Rules;
using Triage.Alerts.Tests.Delivery;
using Triage.Alerts.Tests.Support;
using Triage.Rules;

namespace Triage.Alerts.Tests.Rules;

public sealed class AlertRuleSetTests
{
    [Fact]
    public void DefaultRules_Load_AndTheirOwnTestsPass()
    {
        var rules = WatchHarness.DefaultAlerts;

        var failures = AlertRuleTester.Run(rules, out var tests);

        Assert.Empty(failures);
        Assert.True(tests >= 12, $"only {tests} rule tests");
        Assert.Contains(rules.Rules, r => r.Hypothesis is { MaxRank: 1 });
        Assert.Equal(["run"], rules.Route.GroupBy);
        Assert.Equal(TimeSpan.FromHours(4), rules.Route.RepeatInterval);
    }

    [Fact]
    public void RuleTest_WrongExpectation_IsReported()
    {
        var rules = AlertmanagerDestinationTests.Rules("""
            alerts:
              - name: Xids
                symptoms: { kinds: [gpu.xid], group_by: [host], min_count: 2 }
                tests:
                  - name: wrong on purpose
                    symptoms:
                      - { kind: gpu.xid, host: a, count: 2 }
                    expect: { alerts: 0, keys: ["host=b"] }
            """);

        var failures = AlertRuleTester.Run(rules, out _);

        var failure = Assert.Single(failures);
        Assert.EndsWith("Xids: wrong on purpose: expected 0 alerts, got 1 (host=a); expected an alert for 'host=b'", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alerts:\n  - name: A\n    symptoms: {}\n    bogus: 1\n", 4, "unknown key 'bogus'")]
    [InlineData("alerts:\n  - name: A\n    symptoms: {}\n    hypothesis: {}\n", 2, "exactly one of")]
    [InlineData("alerts:\n  - name: A\n    symptoms: { window: soon }\n", 3, "window is a duration")]
    [InlineData("alerts:\n  - name: A\n    symptoms: { group_by: [colour] }\n", 3, "group_by field 'colour'")]
    [InlineData("alerts:\n  - name: A\n    hypothesis: { min_score: 2 }\n", 3, "min_score is a number from 0 to 1")]
    [InlineData("alerts:\n  - name: a-b\n    hypothesis: {}\n", 2, "needs a name")]
    public void Load_Mistake_NamesTheLine(string yaml, int line, string detail)
    {
        var ex = Assert.Throws<RuleLoadException>(() => AlertmanagerDestinationTests.Rules(yaml));

        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
        Assert.Contains($":{line}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameNameTwice_Refused()
    {
        var dir = Path.Combine(Path.GetTempPath(), "triage-alert-dup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yaml"), "alerts:\n  - name: A\n    hypothesis: {}\n");
            File.WriteAllText(Path.Combine(dir, "b.yaml"), "alerts:\n  - name: A\n    hypothesis: {}\n");

            var ex = Assert.Throws<RuleLoadException>(() => AlertRuleSet.LoadDirectory(dir));

            Assert.Contains("alert rule 'A' is also defined in", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData("1d", 86400)]
    public void Durations_Parse(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-1m")]
    [InlineData("5w")]
    [InlineData("400d")]
    public void Durations_Refuse(string text) => Assert.False(Durations.TryParse(text, out _));
}
