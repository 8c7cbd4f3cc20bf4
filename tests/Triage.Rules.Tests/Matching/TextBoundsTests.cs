using Triage.Rules.Matching;

namespace Triage.Rules.Tests.Matching;

public class TextBoundsTests
{
    [Fact]
    public void Cap_SurrogatePairAtCut_IsNotSplit()
    {
        // Arrange: the emoji's high surrogate would be the last kept char.
        var value = "abc\U0001F600def";

        // Act
        var capped = TextBounds.Cap(value, 5);

        // Assert
        Assert.Equal("abc…", capped);
    }

    [Fact]
    public void Normalize_WhitespaceAndControls_CollapseToOneSpaceAndTrim()
    {
        // Act
        var text = TextBounds.Normalize("\t a\r\n\u0000 b  ", 200);

        // Assert
        Assert.Equal("a b", text);
    }

    [Fact]
    public void Normalize_LongText_IsCut()
    {
        // Act
        var text = TextBounds.Normalize(new string('x', 500), 200);

        // Assert
        Assert.Equal(200, text.Length);
    }
}
