using Triage.Rules.Matching;

namespace Triage.Rules.Tests.Matching;

public class SafeRegexTests
{
    [Fact]
    public void Create_NamedGroups_UseNonBacktrackingAndCapture()
    {
        // Arrange
        var regex = SafeRegex.Create(@"Xid \((?<pci>PCI:[0-9a-f:.]+)\): (?<xid>\d+)", ignoreCase: false);
        long timeouts = 0;

        // Act
        var match = regex.Match("NVRM: Xid (PCI:0000:3b:00): 79, pid=1", ref timeouts);

        // Assert
        Assert.False(regex.IsBacktracking);
        Assert.Equal(["pci", "xid"], regex.GroupNames);
        Assert.Equal("PCI:0000:3b:00", match.Groups["pci"].Value);
        Assert.Equal("79", match.Groups["xid"].Value);
    }

    [Theory]
    [InlineData(@"(?<=a)b")]
    [InlineData(@"(?!a)b")]
    [InlineData(@"(?<q>['""]).*\k<q>")]
    [InlineData(@"(?>a+)b")]
    public void Create_ConstructRefusedByNonBacktracking_FallsBackToBacktracking(string pattern)
    {
        // Act
        var regex = SafeRegex.Create(pattern, ignoreCase: false);

        // Assert
        Assert.True(regex.IsBacktracking);
    }

    [Fact]
    public void Create_IgnoreCase_MatchesOtherCase()
    {
        // Arrange
        var regex = SafeRegex.Create("cuda error", ignoreCase: true);
        long timeouts = 0;

        // Act + Assert
        Assert.True(regex.IsMatch("CUDA Error", ref timeouts));
    }

    [Fact]
    public void Create_InvalidPattern_ThrowsArgumentException()
    {
        // Act + Assert
        Assert.ThrowsAny<ArgumentException>(() => SafeRegex.Create("(a", ignoreCase: false));
    }

    [Fact]
    public void IsMatch_Timeout_IsNoMatchAndCounted()
    {
        // Arrange
        var regex = SafeRegex.Create(@"^(a+)+b\1", ignoreCase: false);
        long timeouts = 0;

        // Act
        var matched = regex.IsMatch(new string('a', 5000) + "!", ref timeouts);

        // Assert
        Assert.False(matched);
        Assert.Equal(1, timeouts);
        Assert.Equal(1, regex.Timeouts);
    }

    // The linear engine finds the 'b' at once; the backtracking twin first tries (a+)+d at every
    // one of the 40 a's, exponentially, and times out.
    private const string TwinBacktracks = @"(?<run>a+)+d|(?<b>b)";
    private static readonly string Hostile = new string('a', 40) + " b";

    [Fact]
    public void Match_OneTwinTimeout_KeepsTheTwinAndStillCaptures()
    {
        // Arrange: a single timeout is what a descheduled thread on a loaded machine looks like.
        var regex = SafeRegex.Create(TwinBacktracks, ignoreCase: false);
        long timeouts = 0;

        // Act
        var slow = regex.Match(Hostile, ref timeouts);
        var usual = regex.Match("x b", ref timeouts);

        // Assert: both matches are right (the timed-out one from the linear engine), the twin stays.
        Assert.Equal("b", slow.Groups["b"].Value);
        Assert.Equal("b", usual.Groups["b"].Value);
        Assert.True(regex.UsesTwin);
        Assert.Equal(0, timeouts);
    }

    [Fact]
    public void Match_TwinTimesOutOnEveryLine_IsDroppedAfterTheBudget()
    {
        // Arrange
        var regex = SafeRegex.Create(TwinBacktracks, ignoreCase: false);
        long timeouts = 0;

        // Act
        var stillTwin = new List<bool>();
        for (var i = 0; i < SafeRegex.TwinTimeoutsToDrop + 2; i++)
        {
            Assert.Equal("b", regex.Match(Hostile, ref timeouts).Groups["b"].Value);
            stillTwin.Add(regex.UsesTwin);
        }

        // Assert: dropped at the budget, and no timeout is reported as a failed match.
        Assert.All(stillTwin.Take(SafeRegex.TwinTimeoutsToDrop - 1), Assert.True);
        Assert.All(stillTwin.Skip(SafeRegex.TwinTimeoutsToDrop - 1), Assert.False);
        Assert.Equal(0, timeouts);
    }
}
