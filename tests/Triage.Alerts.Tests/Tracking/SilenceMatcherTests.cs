using Triage.Alerts.Tracking;

namespace Triage.Alerts.Tests.Tracking;

public sealed class SilenceMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["alertname"] = "TriageDrainCandidateGpu", ["host"] = "node-017", ["run"] = "job-4711" };

    [Theory]
    [InlineData("host=node-017", true)]
    [InlineData("host=node-01", false)]
    [InlineData("host!=node-017", false)]
    [InlineData("host=~node-0[0-9]+", true)]
    [InlineData("host=~node", false)]
    [InlineData("host!~node-1.*", true)]
    [InlineData("gpu=", true)]
    [InlineData("alertname=\"TriageDrainCandidateGpu\"", true)]
    public void Matches_AlertmanagerSemantics(string matcher, bool expected) =>
        Assert.Equal(expected, SilenceMatcher.Parse(matcher).Matches(Labels));

    [Theory]
    [InlineData("host")]
    [InlineData("=x")]
    [InlineData("1host=x")]
    [InlineData("host=~(")]
    public void Parse_NotAMatcher_UsageError(string text)
    {
        var ex = Assert.Throws<TriageException>(() => SilenceMatcher.Parse(text));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [Fact]
    public void Silenced_OnlyWhileActive_AndWhenAllMatchersMatch()
    {
        var t = new DateTimeOffset(2026, 5, 2, 3, 0, 0, TimeSpan.Zero);
        var silence = new Silence("s-1", ["host=node-017", "run=job-4711"], t, t.AddHours(2), "me", "");
        var other = new Silence("s-2", ["host=node-017", "run=job-1"], t, t.AddHours(2), "me", "");

        Assert.True(SilenceMatcher.Silenced([silence], Labels, t.AddHours(1)));
        Assert.False(SilenceMatcher.Silenced([silence], Labels, t.AddHours(2)));
        Assert.False(SilenceMatcher.Silenced([silence], Labels, t.AddMinutes(-1)));
        Assert.False(SilenceMatcher.Silenced([other], Labels, t.AddHours(1)));
    }
}
