using FsCheck.Xunit;
using Triage.Text;

namespace Triage.Core.Tests.Text;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("red \u001b[31mALERT\u001b[0m done", "red ALERT done")]
    [InlineData("title \u001b]0;pwned\u0007 after", "title  after")]
    [InlineData("bell\u0007 nul\0", "bell\\x07 nul\\x00")]
    [InlineData("two\nlines\r", "two\\nlines\\r")]
    [InlineData("tab\there", "tab here")]
    [InlineData("rtl \u202Eevil", "rtl \\x202eevil")]
    public void Sanitize_Controls_AreRemovedOrMadeVisible(string input, string expected)
    {
        Assert.Equal(expected, TerminalText.Sanitize(input));
    }

    [Fact]
    public void Sanitize_LoneSurrogate_BecomesReplacementChar()
    {
        Assert.Equal("a\uFFFDb", TerminalText.Sanitize("a\uD800b"));
    }

    [Fact]
    public void Sanitize_Long_IsCutWithEllipsis()
    {
        var result = TerminalText.Sanitize(new string('x', 100), 10);

        Assert.Equal(10, result.Length);
        Assert.EndsWith("…", result, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public bool Sanitize_AnyString_HasNoControlCharacters(string? input)
    {
        var result = TerminalText.Sanitize(input, 300);
        return result.Length <= 300 && !result.Any(char.IsControl) && IsValidUtf16(result);
    }

    private static bool IsValidUtf16(string s)
    {
        try
        {
            _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(s);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }
}
