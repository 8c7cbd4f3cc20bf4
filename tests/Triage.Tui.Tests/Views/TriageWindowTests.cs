using Terminal.Gui.Input;
using Triage.Testing;
using Triage.Tui.Tests.Support;

namespace Triage.Tui.Tests.Views;

public sealed class TriageWindowTests
{
    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public async Task MainScreen_AnalysedRun_MatchesApproved(int width, int height)
    {
        await using var fixture = await TuiFixture.CreateAsync();
        await fixture.Store.VoteAsync("run-a", "h-bbb222", "bob", +1);
        await fixture.Store.VoteAsync("run-a", "h-bbb222", "carol", +1);
        using var ui = new Headless(fixture.Session(), width, height);

        Approvals.Verify($"tui-main-{width}x{height}", ui.Screen);
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public async Task DrillDownScreens_SymptomsAndRawLine_MatchApproved(int width, int height)
    {
        await using var fixture = await TuiFixture.CreateAsync();
        using var ui = new Headless(fixture.Session(), width, height);

        var symptoms = ui.Key(Key.Enter).Screen;
        var raw = ui.Key(Key.Enter).Screen;

        Approvals.Verify($"tui-symptoms-{width}x{height}", symptoms);
        Approvals.Verify($"tui-raw-line-{width}x{height}", raw);
    }

    [Fact]
    public async Task Keys_NavigateSortAndFilter_ScreenFollows()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        await fixture.Store.VoteAsync("run-a", "h-ccc333", "bob", +1);
        using var ui = new Headless(fixture.Session(), 120, 40);

        Assert.Contains("▶   #1", ui.Screen, StringComparison.Ordinal);
        Assert.Contains("▶   #2", ui.Key(Key.CursorDown).Screen, StringComparison.Ordinal);
        var sorted = ui.Key(new Key('s')).Screen;
        Assert.Contains("sort votes", sorted, StringComparison.Ordinal);
        Assert.True(sorted.IndexOf("#3", StringComparison.Ordinal) < sorted.IndexOf("#1", StringComparison.Ordinal), "by votes #3 (+1) comes first");
        Assert.Contains("▶   #2", sorted, StringComparison.Ordinal);

        var prompting = ui.Key(new Key('/')).Screen;
        Assert.Contains("filter (category:NAME", prompting, StringComparison.Ordinal);
        var filtered = ui.Type("category:hardware").Key(Key.Enter).Screen;

        Assert.Contains("1/3 hypotheses", filtered, StringComparison.Ordinal);
        Assert.Contains("filter category:hardware", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("#2 ", filtered, StringComparison.Ordinal);
        Assert.Contains("▶   #1", filtered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_VoteThenChangeVote_StoredAndShown()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        using var ui = new Headless(fixture.Session("alice"), 120, 40);

        var up = ui.Key(new Key('+')).Screen;
        var upVotes = await fixture.Store.GetVotesAsync("run-a");
        var down = ui.Key(new Key('-')).Screen;
        var downVotes = await fixture.Store.GetVotesAsync("run-a");

        Assert.Contains("+1  -0 ▲", up, StringComparison.Ordinal);
        Assert.Contains("voted + on h-aaa111", up, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(upVotes).Vote);
        Assert.Contains("+0  -1 ▼", down, StringComparison.Ordinal);
        Assert.Contains("votes: +0 -1 (-alice); you voted -", down, StringComparison.Ordinal);
        Assert.Equal(-1, Assert.Single(downVotes).Vote);
    }

    [Fact]
    public async Task Keys_TypedIntoPrompt_PlusMinusAndQuitKeysAreText()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        using var ui = new Headless(fixture.Session("alice"), 80, 24);

        var noted = ui.Key(new Key('n')).Type("q -1 +2 quiet").Key(Key.Enter).Screen;

        Assert.False(ui.ViewModel.QuitRequested);
        Assert.Empty(await fixture.Store.GetVotesAsync("run-a"));
        Assert.Equal("q -1 +2 quiet", Assert.Single(await fixture.Store.GetReviewsAsync("run-a")).Text);
        Assert.Contains("▶   #1", noted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_ConfirmRejectNote_PromptedStoredAndShown()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        using var ui = new Headless(fixture.Session("alice"), 120, 40);

        Assert.Contains("confirm — reason:", ui.Key(new Key('c')).Screen, StringComparison.Ordinal);
        var confirmed = ui.Type("xid 79 + fell off").Key(Key.Enter).Screen;
        var noted = ui.Key(new Key('n')).Type("drained node-017").Key(Key.Enter).Screen;
        var rejected = ui.Key(Key.CursorDown).Key(new Key('x')).Type("flap came later").Key(Key.Enter).Screen;
        var cancelled = ui.Key(new Key('n')).Type("never mind").Key(Key.Esc).Screen;

        Assert.Contains("CONFIRMED by alice at 2026-05-02 08:00:00Z: xid 79 + fell off", confirmed, StringComparison.Ordinal);
        Assert.Contains("▶✓  #1", confirmed, StringComparison.Ordinal);
        Assert.Contains("note by alice at 2026-05-02 08:00:00Z: drained node-017", noted, StringComparison.Ordinal);
        Assert.Contains("REJECTED by alice at 2026-05-02 08:00:00Z: flap came later", rejected, StringComparison.Ordinal);
        Assert.Contains("▶✗  #2", rejected, StringComparison.Ordinal);
        Assert.DoesNotContain("never mind", cancelled, StringComparison.Ordinal);
        Assert.Equal(
            ["h-aaa111 Confirm xid 79 + fell off", "h-aaa111 Note drained node-017", "h-bbb222 Reject flap came later"],
            (await fixture.Store.GetReviewsAsync("run-a")).Select(r => $"{r.HypothesisId} {r.Kind} {r.Text}"));
    }

    [Fact]
    public async Task Keys_DrillDownAndBack_ShowsSymptomsRawLineAndReturns()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        using var ui = new Headless(fixture.Session(), 120, 40);

        var symptoms = ui.Key(Key.Enter).Screen;
        var raw = ui.Key(Key.Enter).Screen;
        var back = ui.Key(Key.Esc).Key(Key.Esc).Screen;

        Assert.Contains("gpu.xid on node-017: 2 symptoms", symptoms, StringComparison.Ordinal);
        Assert.Contains(">      3 │ NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus\\x07 done", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned", raw, StringComparison.Ordinal);
        Assert.Contains("── details", back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resize_From120x40To80x24_RedrawsToFit()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        using var ui = new Headless(fixture.Session(), 120, 40);

        ui.Resize(80, 24);
        var lines = ui.Screen.TrimEnd('\n').Split('\n');

        Assert.Equal(24, lines.Length);
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
        Assert.Contains("GPU fell off the bus", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timer_AnotherProcessVotes_ScreenRefreshes()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        using var ui = new Headless(fixture.Session(), 120, 40);
        await using var other = await Storage.Embedded.SqliteSymptomStore.OpenAsync(fixture.StorePath, TimeProvider.System);

        await other.VoteAsync("run-a", "h-aaa111", "bob", +1);
        ui.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Contains("votes: +1 -0 (+bob)", ui.Screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpAndQuit_Keys_ShowKeyListThenStop()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        using var ui = new Headless(fixture.Session(), 120, 40);

        var help = ui.Key(new Key('?')).Screen;
        ui.Key(new Key('?')).Key(new Key('q'));

        Assert.Contains("c / x      confirm / reject the hypothesis, with a reason", help, StringComparison.Ordinal);
        Assert.True(ui.ViewModel.QuitRequested);
    }
}
