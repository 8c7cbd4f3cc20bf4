using System.Text.Json;
using Triage.Reports.Model;
using Triage.Reports.Plots;
using Triage.Reports.Rendering;
using Triage.Reports.Tests.Support;
using Triage.Testing;

namespace Triage.Reports.Tests;

/// <summary>The post-mortem of samples/torch-sum after a review (votes, dissent, a note, a confirm, a reject), as files a person reads.</summary>
public sealed class PostMortemReportTests : IClassFixture<ReviewedLedgerFixture>
{
    private readonly ReviewedLedgerFixture _fixture;

    public PostMortemReportTests(ReviewedLedgerFixture fixture) => _fixture = fixture;

    [Fact]
    public void Markdown_TorchSum_MatchesApproved()
    {
        var files = PlotRenderer.Render(_fixture.Report).ToDictionary(p => p.Plot, p => $"postmortem.{p.Name}.svg");

        var markdown = MarkdownRenderer.Render(_fixture.Report, files);

        Assert.DoesNotContain(_fixture.Ledger.Work, markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), markdown, StringComparison.Ordinal);

        Approvals.Verify("postmortem-torch-sum-md", markdown);
    }

    [Fact]
    public void Json_TorchSum_MatchesApproved()
    {
        var json = ReportJson.Render(_fixture.Report);

        using var doc = JsonDocument.Parse(json);
        Assert.DoesNotContain(Path.GetTempPath(), json, StringComparison.Ordinal);
        Assert.Equal("triage.report/v1", doc.RootElement.GetProperty("schema").GetString());
        Approvals.Verify("postmortem-torch-sum-json", json);
    }

    [Fact]
    public void Summary_Confirmed_LeadsWithTheDataShardAndItsContrast()
    {
        var report = _fixture.Report;

        Assert.True(report.Summary.Confirmed);
        Assert.Equal("dana", report.Summary.Decision!.Author);
        Assert.Contains(report.Summary.Cause.Factors, f => f.ToString() == "data_shard=web-0174");
        Assert.Equal(1, report.Summary.Cause.Rank);
        var contrast = report.Plots.Contrast!;
        Assert.Equal("data_shard=web-0174", contrast.Factor.ToString());
        Assert.True(contrast.FailureShare > 10 * contrast.Baseline);
    }

    [Fact]
    public void Belief_TeamFavouredTheNetwork_LeastVotedTheoryConfirmedAndDissentListed()
    {
        var belief = _fixture.Report.Belief;
        var network = _fixture.Ledger.Analysis.Hypotheses[1].Id;
        var data = _fixture.Ledger.Analysis.Hypotheses[0].Id;

        Assert.True(belief.HistoryComplete);
        Assert.Equal(network, belief.FavouredId);
        Assert.Equal(data, belief.ConfirmedId);
        Assert.Contains(belief.Findings, f => f.Contains("the least-voted theory was the right one", StringComparison.Ordinal));
        Assert.Contains(belief.Dissent, d => d.Who == "carol" && d.HypothesisId == data && d.Text.StartsWith("voted for", StringComparison.Ordinal));
        Assert.Contains(belief.Dissent, d => d.Who == "carol" && d.Text.StartsWith("noted on", StringComparison.Ordinal));
        Assert.Equal(7, belief.Votes.Count);
    }

    [Fact]
    public void Impact_TorchSum_AttemptsRestartsAndTimeLost()
    {
        var impact = _fixture.Report.Impact;

        Assert.Equal(7, impact.Attempts);
        Assert.Equal(6, impact.Restarts);
        Assert.NotNull(impact.TimeLost);
        Assert.Equal(4, impact.HostsHit);
        Assert.Equal(32, impact.RanksHit);
    }

    [Fact]
    public void Timeline_TorchSum_HasRestartsFirstFailuresWavesVotesDecisionsAndNotesInTimeOrder()
    {
        var timeline = _fixture.Report.Timeline;

        foreach (var kind in new[] { TimelineKind.Start, TimelineKind.FirstFailure, TimelineKind.CollateralWave, TimelineKind.Vote, TimelineKind.Decision, TimelineKind.Note })
        {
            Assert.Contains(timeline, e => e.Kind == kind);
        }

        var times = timeline.Where(e => e.At is not null).Select(e => e.At!.Value).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(timeline.Where(e => e.Kind == TimelineKind.FirstFailure && e.Where is not null), e => Assert.Matches(@":\d+$", e.Where!));
    }

    [Fact]
    public void Plots_TorchSum_FourSvgPlotsWithDistinctIds()
    {
        var plots = PlotRenderer.Render(_fixture.Report);

        Assert.Equal([ReportPlot.Contrast, ReportPlot.Curves, ReportPlot.FirstFailures, ReportPlot.Votes], plots.Select(p => p.Plot));
        Assert.All(plots, p => Assert.StartsWith("<svg", p.Svg, StringComparison.Ordinal));
        var ids = plots.SelectMany(p => System.Text.RegularExpressions.Regex.Matches(p.Svg, " id=\"([^\"]+)\"").Select(m => m.Groups[1].Value)).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ActionItems_AfterReview_OnlyTheUndecidedHypothesis()
    {
        var items = _fixture.Report.ActionItems;

        var item = Assert.Single(items);
        Assert.Equal(3, item.Rank);
        Assert.False(string.IsNullOrWhiteSpace(item.Check));
    }
}
