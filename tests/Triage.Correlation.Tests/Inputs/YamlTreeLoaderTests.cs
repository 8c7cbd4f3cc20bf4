using Triage.Correlation.Inputs;

namespace Triage.Correlation.Tests.Inputs;

public sealed class YamlTreeLoaderTests
{
    [Fact]
    public void Load_AnchorsAndAliases_Resolved()
    {
        var root = (YamlMapping)YamlTreeLoader.Load(new StringReader("base: &b { rack: r1 }\ncopy: *b\n"), 32)!;

        Assert.Same(root["base"], root["copy"]);
        Assert.Equal("r1", ((YamlMapping)root["copy"]!).Scalar("rack"));
    }

    [Fact]
    public void Load_ScalarsExactlyAsWritten()
    {
        var root = (YamlMapping)YamlTreeLoader.Load(new StringReader("a: 12.40\nb: \"0012\"\nc: yes\n"), 32)!;

        Assert.Equal(["12.40", "0012", "yes"], root.Entries.Select(e => ((YamlScalar)e.Value).Value));
    }

    [Fact]
    public void Load_DuplicateKey_FirstKept()
    {
        var root = (YamlMapping)YamlTreeLoader.Load(new StringReader("a: 1\na: 2\n"), 32)!;

        Assert.Equal("1", root.Scalar("a"));
    }

    [Fact]
    public void Load_Empty_Null()
    {
        Assert.Null(YamlTreeLoader.Load(new StringReader(""), 32));
    }

    [Fact]
    public void Load_TooDeep_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => YamlTreeLoader.Load(new StringReader("a: [[[[1]]]]"), 3));
    }
}
