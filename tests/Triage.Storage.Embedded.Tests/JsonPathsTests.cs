namespace Triage.Storage.Embedded.Tests;

public sealed class JsonPathsTests
{
    [Theory]
    [InlineData("xid", "$.\"xid\"")]
    [InlineData("a.b-c", "$.\"a.b-c\"")]
    [InlineData("say \"hi\"", "$.\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "$.\"back\\\\slash\"")]
    [InlineData("nul\0tab\t", "$.\"nul\\u0000tab\\u0009\"")]
    [InlineData("", "$.\"\"")]
    public void ForKey_Name_QuotesAndEscapesIt(string name, string expected)
    {
        Assert.Equal(expected, JsonPaths.ForKey(name));
    }
}
