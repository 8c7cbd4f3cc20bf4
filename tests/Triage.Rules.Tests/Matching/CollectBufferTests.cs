using Triage.Rules.Matching;

namespace Triage.Rules.Tests.Matching;

public class CollectBufferTests
{
    [Theory]
    [InlineData("First", 2, "a > b")]
    [InlineData("Last", 2, "e < d")]
    [InlineData("Last", 9, "e < d < c < b < a")]
    [InlineData("All", 50, "a > b > c > d > e")]
    [InlineData("All", 3, "a > b > c")]
    public void Render_Values_KeepsAndJoinsByMode(string keep, int count, string expected)
    {
        // Arrange (the enum is internal, so the theory names it)
        var mode = Enum.Parse<CollectKeep>(keep);
        var buffer = new CollectBuffer(new CollectSpec(SafeRegex.Create("x", false), "into", null, mode, count));
        foreach (var value in new[] { "a", "b", "c", "d", "e" })
        {
            buffer.Add(value);
        }

        // Act
        var text = buffer.Render();

        // Assert
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Render_NothingCollected_IsNull()
    {
        // Act
        var text = new CollectBuffer(new CollectSpec(SafeRegex.Create("x", false), "into", null, CollectKeep.All, 50)).Render();

        // Assert
        Assert.Null(text);
    }
}
