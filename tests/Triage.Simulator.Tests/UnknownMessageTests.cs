using Triage.Hypotheses;
using Triage.Simulator.Output;
using Triage.Simulator.Tests.Support;

namespace Triage.Simulator.Tests;

/// <summary>The unknown-msg scenario: a message no rule knows, on most ranks, becomes one log.unknown template.</summary>
public sealed class UnknownMessageTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Collect_MessageNoRuleKnows_OneLogUnknownTemplateOnManyRanks(int seed)
    {
        var run = await SimulatedRun.GetAsync("unknown-msg", seed);
        const string marker = "ckptfs: lease renewal failed";
        var printed = run.Files().Sum(f => run.Lines(f).Count(l => l.Contains(marker, StringComparison.Ordinal)));

        var mined = run.Symptoms.Where(s => s.Message.Contains(marker, StringComparison.Ordinal)).ToList();

        Assert.True(printed >= SimulatedRun.Ranks / 2, $"only {printed} ranks print it");
        Assert.Equal(printed, mined.Count);
        Assert.All(mined, s => Assert.Equal("log.unknown", s.Kind));
        Assert.Equal([UnknownMessage.TemplateId], mined.Select(s => s.Signature).Distinct());
        Assert.Equal(UnknownMessage.Template, mined[0].Attrs["template"]);
        Assert.True(mined.Select(s => s.Rank).Distinct().Count() >= SimulatedRun.Ranks / 2);
    }

    [Fact]
    public async Task Truth_UnknownMsgCause_NamesTheTemplateId()
    {
        var run = await SimulatedRun.GetAsync("unknown-msg", 1);

        var cause = Assert.Single(run.Truth.Causes);
        Assert.Equal(new Factor("template", UnknownMessage.TemplateId), Assert.Single(Assert.Single(cause.Match)));
    }
}
