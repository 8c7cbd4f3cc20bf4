using Triage.Storage;

namespace Triage.Core.Tests.Storage;

public sealed class SymptomFieldTests
{
    [Theory]
    [InlineData("host", null)]
    [InlineData("source.path", null)]
    [InlineData("attrs.xid", "xid")]
    [InlineData("attrs.data_shard", "data_shard")]
    [InlineData("attrs.k8s.pod-name", "k8s.pod-name")]
    public void Parse_ValidNames_ParsesAttribute(string name, string? attribute)
    {
        var field = SymptomField.Parse(name);

        Assert.Equal(name, field.Name);
        Assert.Equal(attribute, field.Attribute);
    }

    [Theory]
    [InlineData("hostname")]
    [InlineData("attrs.")]
    [InlineData("attrs.x'); drop table symptoms;--")]
    [InlineData("attrs.a b")]
    [InlineData("")]
    public void Parse_InvalidNames_ThrowsUsageError(string name)
    {
        var ex = Assert.Throws<TriageException>(() => SymptomField.Parse(name));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [Fact]
    public void ParseList_CommaSeparated_KeepsOrder()
    {
        Assert.Equal(["kind", "host", "attrs.xid"], SymptomField.ParseList("kind, host,attrs.xid").Select(f => f.Name));
    }
}
