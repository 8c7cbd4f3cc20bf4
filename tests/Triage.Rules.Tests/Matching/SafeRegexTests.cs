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
}
