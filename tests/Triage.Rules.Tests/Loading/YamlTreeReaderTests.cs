using Triage.Rules.Loading;

namespace Triage.Rules.Tests.Loading;

public class YamlTreeReaderTests
{
    [Theory]
    [InlineData("a: &x [1]\nb: *x\n", 2, 4, "YAML aliases are not supported")]
    [InlineData("a: 1\na: 2\n", 2, 1, "duplicate key 'a' (first at line 1)")]
    [InlineData("a: 1\n---\nb: 2\n", 2, 1, "exactly one YAML document")]
    [InlineData("a: [1, 2\nb: {", 0, 0, "invalid YAML")]
    [InlineData("? [a]\n: 1\n", 1, 3, "mapping keys must be scalars")]
    public void Read_BadYaml_ThrowsRuleLoadException(string yaml, int line, int column, string detail)
    {
        // Arrange
        var context = new LoadContext("x.yaml");

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => YamlTreeReader.Read(yaml, context));

        // Assert
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
        if (line > 0)
        {
            Assert.Equal((line, column), (ex.Line, ex.Column));
        }
        else
        {
            Assert.True(ex.Line > 0);
        }
    }

    [Fact]
    public void Read_NestingDeeperThanLimit_Throws()
    {
        // Arrange
        var yaml = new string('[', RuleLimits.MaxYamlDepth + 1) + new string(']', RuleLimits.MaxYamlDepth + 1);

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => YamlTreeReader.Read(yaml, new LoadContext("x.yaml")));

        // Assert
        Assert.Contains("nested deeper than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Mapping_KeepsPositionsAndStyles()
    {
        // Act
        var root = YamlTreeReader.Read("a: 1\nb:\n  - x\n  - 'null'\n  - null\n", new LoadContext("x.yaml"))!;

        // Assert
        Assert.Equal(YamlNodeKind.Mapping, root.Kind);
        var list = root.Entries[1].Value;
        Assert.Equal((3, 3), (list.Line, list.Column));
        Assert.False(list.Items[1].IsNull);
        Assert.True(list.Items[2].IsNull);
    }
}
