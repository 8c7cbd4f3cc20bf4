using Triage.Rules.Matching;

namespace Triage.Rules.Tests.Matching;

public class AttrTemplateTests
{
    [Theory]
    [InlineData("xid-{xid}", "xid-79")]
    [InlineData("{missing}-{xid}", "-79")]
    [InlineData("{ xid } {} {x-y} {", "{ xid } {} {x-y} {")]
    [InlineData("{{xid}}", "{79}")]
    [InlineData("plain", "plain")]
    public void Render_Attrs_SubstitutesNamesAndKeepsOtherBraces(string template, string expected)
    {
        // Arrange
        var attrs = new Dictionary<string, string> { ["xid"] = "79" };

        // Act
        var text = AttrTemplate.Parse(template).Render(attrs);

        // Assert
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Parse_Template_ListsReferencedNames()
    {
        // Act
        var template = AttrTemplate.Parse("{exception}: {frames} {x");

        // Assert
        Assert.Equal(["exception", "frames"], template.Names);
    }
}
