using Triage.Hypotheses;
using Triage.Symptoms;
using Triage.Tui.Tests.Support;
using Triage.Tui.ViewModels;

namespace Triage.Tui.Tests.ViewModels;

public sealed class FirstPageTests
{
    [Fact]
    public async Task LoadFirstPage_MoreHypothesesThanThePage_FirstByRankAndTheTotal()
    {
        await using var fixture = await TuiFixture.CreateAsync(analysed: false);
        await fixture.Store.SaveAnalysisAsync(Many(300));
        await fixture.Store.VoteAsync("run-a", "h-0002", "bob", +1);

        var first = await StoreSnapshot.LoadFirstPageAsync(fixture.Store, "run-a", 40, CancellationToken.None);
        var all = await fixture.Store.GetHypothesesAsync("run-a");

        Assert.True(first.Partial);
        Assert.Equal(300, first.Total);
        Assert.Equal(all.Take(40).Select(h => h.Id), first.Hypotheses.Select(h => h.Id));
        Assert.Equal(1, first.Hypotheses[1].Votes.Up);
        Assert.Single(first.Votes);
    }

    [Fact]
    public async Task Refresh_FirstPageThenAll_HeaderSaysLoadingThenCountsAll()
    {
        await using var fixture = await TuiFixture.CreateAsync(analysed: false);
        await fixture.Store.SaveAnalysisAsync(Many(300));
        var vm = new TuiViewModel(fixture.Session());

        await Work.RunAsync(vm.Refresh(40));
        var partial = vm.Header();
        vm.List.Move(3);
        await Work.RunAsync(vm.Refresh());

        Assert.Contains("40 of 300 hypotheses loaded", partial, StringComparison.Ordinal);
        Assert.Contains("300/300 hypotheses", vm.Header(), StringComparison.Ordinal);
        Assert.Equal("h-0004", vm.List.Selected?.Id);
        Assert.False(vm.List.Snapshot.Partial);
    }

    [Fact]
    public async Task LoadFirstPage_FewerHypothesesThanThePage_AllAndNotPartial()
    {
        await using var fixture = await TuiFixture.CreateAsync();

        var first = await StoreSnapshot.LoadFirstPageAsync(fixture.Store, "run-a", 256, CancellationToken.None);

        Assert.False(first.Partial);
        Assert.Equal(["h-aaa111", "h-bbb222", "h-ccc333"], first.Hypotheses.Select(h => h.Id));
    }

    private static Analysis Many(int count) => new(
        "run-a",
        7,
        [.. Enumerable.Range(1, count).Select(i => new Hypothesis
        {
            Id = $"h-{i:0000}",
            Rank = i,
            Title = $"Fault on host=node-{i:0000}",
            Category = SymptomCategory.Hardware,
            Factors = [new Factor("host", $"node-{i:0000}")],
            Score = 1.0 / i,
            Explains = new HypothesisExplains(1, 1.0 / 7, ["gpu.xid"], 1, 1, 1),
        })],
        0,
        new Attribution(new Dictionary<string, (string, AttributionRole)>(), []),
        TuiFixture.T0.AddHours(1));
}
