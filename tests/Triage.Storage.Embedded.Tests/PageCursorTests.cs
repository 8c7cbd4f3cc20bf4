namespace Triage.Storage.Embedded.Tests;

public sealed class PageCursorTests
{
    [Theory]
    [InlineData(1_777_777_777_123L, "s-0123456789abcdef0123")]
    [InlineData(-5L, "id|with|pipes")]
    [InlineData(null, "s-timeless")]
    [InlineData(0L, "")]
    public void Decode_EncodedCursor_RoundTrips(long? timestamp, string id)
    {
        var cursor = new PageCursor(timestamp, id);

        var decoded = PageCursor.Decode(cursor.Encode());

        Assert.Equal(cursor, decoded);
    }

    [Fact]
    public void Encode_Cursor_IsUrlSafe()
    {
        var encoded = new PageCursor(long.MaxValue, "s-??>>~~").Encode();

        Assert.DoesNotContain(encoded, c => c is '+' or '/' or '=');
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("MQ")]
    [InlineData("MXwxMg")]
    [InlineData("MXwxLjV8eA")]
    [InlineData("_w")]
    public void Decode_ForeignText_ThrowsUsageError(string text)
    {
        var error = Assert.Throws<TriageException>(() => PageCursor.Decode(text));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }
}
