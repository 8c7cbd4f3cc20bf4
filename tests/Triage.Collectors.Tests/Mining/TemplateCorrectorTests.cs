using Triage.Collectors.Mining.Evaluation;

namespace Triage.Collectors.Tests.Mining;

public sealed class TemplateCorrectorTests
{
    [Theory]
    [InlineData("a  b\tc", "a b c")]
    [InlineData("took 12 ms", "took <*> ms")]
    [InlineData("block blk_<*> stored", "block <*> stored")]
    [InlineData("from <*>.<*>.<*>.<*>:<*> ok", "from <*> ok")]
    [InlineData("node-<*> up", "node-<*> up")]
    [InlineData("uid=<*>", "uid=<*>")]
    [InlineData("<*><*> x", "<*> x")]
    public void Correct_LoghubRules_Applied(string input, string expected) =>
        Assert.Equal(expected, TemplateCorrector.Correct(input));
}
