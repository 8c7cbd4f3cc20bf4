using Triage.Rules.Matching;

namespace Triage.Rules.Tests.Matching;

public class BacktrackingConstructsTests
{
    [Theory]
    [InlineData(@"a(?=b)", "lookahead '(?='")]
    [InlineData(@"^(?!.*\bsrun: error: ).*Aborted", "negative lookahead '(?!'")]
    [InlineData(@"(?<=code=)\d+", "lookbehind '(?<='")]
    [InlineData(@"(?<!\d)42", "negative lookbehind '(?<!'")]
    [InlineData(@"(?>a+)b", "atomic group '(?>'")]
    [InlineData(@"(?(x)a|b)", "conditional '(?('")]
    [InlineData(@"(a+)b\1", @"backreference '\1'")]
    [InlineData(@"(?<q>['""]).*\k<q>", @"backreference '\k'")]
    public void Find_ConstructTheLinearEngineRefuses_NamesIt(string pattern, string expected)
    {
        // Act
        var found = BacktrackingConstructs.Find(pattern);

        // Assert: the scan agrees with the engine itself.
        Assert.Equal(expected, found);
        Assert.True(SafeRegex.Create(pattern, ignoreCase: false).IsBacktracking);
    }

    [Theory]
    [InlineData(@"Xid \((?<pci>PCI:[0-9a-f:.]+)\): (?<xid>\d+)")]
    [InlineData(@"(?'name'x)(?:y)(?i:z)")]
    [InlineData(@"\(\?=literal\)")]
    [InlineData(@"[(?=!]+")]
    [InlineData(@"[]\\(?!]x")]
    [InlineData(@"[^]](?:a)")]
    [InlineData(@"\\(?:a)")]
    [InlineData(@"\0\x41\d")]
    public void Find_LinearTimePattern_FindsNothing(string pattern)
    {
        // Act
        var found = BacktrackingConstructs.Find(pattern);

        // Assert
        Assert.Null(found);
        Assert.False(SafeRegex.Create(pattern, ignoreCase: false).IsBacktracking);
    }
}
