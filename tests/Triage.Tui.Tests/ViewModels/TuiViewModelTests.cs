using Triage.Hypotheses;
using Triage.Tui.Tests.Support;
using Triage.Tui.ViewModels;

namespace Triage.Tui.Tests.ViewModels;

public sealed class TuiViewModelTests
{
    [Fact]
    public async Task Refresh_AnalysedRun_ListsByEvidence()
    {
        await using var fixture = await TuiFixture.CreateAsync();

        var vm = await Work.LoadedAsync(fixture.Session());

        Assert.Equal(["h-aaa111", "h-bbb222", "h-ccc333"], vm.List.Visible.Select(h => h.Id));
        Assert.Equal("h-aaa111", vm.List.Selected?.Id);
    }

    [Fact]
    public async Task HandleKey_SortKey_CyclesEvidenceVotesFirstSeen()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        await fixture.Store.VoteAsync("run-a", "h-ccc333", "bob", +1);
        await fixture.Store.VoteAsync("run-a", "h-aaa111", "bob", -1);
        var vm = await Work.LoadedAsync(fixture.Session());

        await vm.KeyAsync("s");
        var byVotes = vm.List.Visible.Select(h => h.Id).ToArray();
        await vm.KeyAsync("s");
        var byFirstSeen = vm.List.Visible.Select(h => h.Id).ToArray();
        await vm.KeyAsync("s");

        Assert.Equal(["h-ccc333", "h-bbb222", "h-aaa111"], byVotes);
        Assert.Equal(["h-bbb222", "h-aaa111", "h-ccc333"], byFirstSeen);
        Assert.Equal(HypothesisSort.Evidence, vm.List.Sort);
    }

    [Fact]
    public async Task SubmitPrompt_FilterByCategoryKindHostAndWord_KeepsMatchesOnly()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session());

        await vm.PromptAsync("/", "category:network");
        var byCategory = vm.List.Visible.Select(h => h.Id).ToArray();
        await vm.PromptAsync("/", "kind:timeout");
        var byKind = vm.List.Visible.Select(h => h.Id).ToArray();
        await vm.PromptAsync("/", "host:node-004");
        var byHost = vm.List.Visible.Select(h => h.Id).ToArray();
        await vm.PromptAsync("/", "ValueError");
        var byWord = vm.List.Visible.Select(h => h.Id).ToArray();
        await vm.PromptAsync("/", "host:nowhere");
        var none = vm.List.Visible.Count;
        await vm.PromptAsync("/", string.Empty);

        Assert.Equal(["h-bbb222"], byCategory);
        Assert.Equal(["h-aaa111"], byKind);
        Assert.Equal(["h-bbb222"], byHost);
        Assert.Equal(["h-ccc333"], byWord);
        Assert.Equal(0, none);
        Assert.Equal(3, vm.List.Visible.Count);
    }

    [Fact]
    public async Task HandleKey_VoteChangeAndWithdraw_OneVotePerEngineerInTheStore()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session("alice"));

        await vm.KeyAsync("+");
        var afterUp = (await fixture.Store.GetVotesAsync("run-a")).Single();
        await vm.KeyAsync("-");
        var afterChange = (await fixture.Store.GetVotesAsync("run-a")).Single();
        var tally = vm.List.Selected!.Votes;
        await vm.KeyAsync("-");

        Assert.Equal(("h-aaa111", "alice", 1), (afterUp.HypothesisId, afterUp.Voter, afterUp.Vote));
        Assert.Equal(-1, afterChange.Vote);
        Assert.Equal(new VoteTally(0, 1), tally);
        Assert.Empty(await fixture.Store.GetVotesAsync("run-a"));
        Assert.Equal("withdrew your vote on h-aaa111", vm.Status);
    }

    [Fact]
    public async Task SubmitPrompt_ConfirmRejectNote_RecordedWithAuthorAndShownInDetails()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session("alice"));

        await vm.PromptAsync("c", "Xid 79 in kern.log");
        await vm.PromptAsync("n", "node-017 drained");
        await vm.KeyAsync("Down");
        await vm.PromptAsync("x", "link flap was after the hang");
        await vm.PromptAsync("x", "   ");

        var reviews = await fixture.Store.GetReviewsAsync("run-a");
        Assert.Equal(
            [
                new ReviewEntry("h-aaa111", ReviewKind.Confirm, "alice", "Xid 79 in kern.log", fixture.Clock.GetUtcNow()),
                new ReviewEntry("h-aaa111", ReviewKind.Note, "alice", "node-017 drained", fixture.Clock.GetUtcNow()),
                new ReviewEntry("h-bbb222", ReviewKind.Reject, "alice", "link flap was after the hang", fixture.Clock.GetUtcNow()),
            ],
            reviews);
        Assert.Equal("a decision needs a reason; nothing recorded", vm.Status);
        Assert.Contains(vm.DetailLines(200), l => l.StartsWith("REJECTED by alice at 2026-05-02 08:00:00Z: link flap", StringComparison.Ordinal));
        await vm.KeyAsync("Up");
        Assert.Contains("CONFIRMED by alice at 2026-05-02 08:00:00Z: Xid 79 in kern.log", vm.DetailLines(200));
        Assert.Contains("note by alice at 2026-05-02 08:00:00Z: node-017 drained", vm.DetailLines(200));
        Assert.StartsWith("▶✓  #1", vm.ListLines(120).Lines[0], StringComparison.Ordinal);
        Assert.StartsWith(" ✗  #2", vm.ListLines(120).Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_VotesFromAnotherProcess_ShowUpWithVoters()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session("alice"));
        await using var other = await Storage.Embedded.SqliteSymptomStore.OpenAsync(fixture.StorePath, TimeProvider.System);

        await other.VoteAsync("run-a", "h-aaa111", "bob", +1);
        await other.VoteAsync("run-a", "h-aaa111", "carol", -1);
        await Work.RunAsync(vm.Refresh());

        Assert.Equal(new VoteTally(1, 1), vm.List.Selected!.Votes);
        Assert.Contains("votes: +1 -1 (+bob, -carol); you have not voted", vm.DetailLines(200));
    }

    [Fact]
    public async Task BlindMode_BeforeAndAfterVoting_HidesThenShowsTallies()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        await fixture.Store.VoteAsync("run-a", "h-aaa111", "bob", -1);
        var vm = await Work.LoadedAsync(fixture.Session("alice", blind: true));

        var hidden = (vm.ListLines(120).Lines[0], vm.DetailLines(200));
        await vm.KeyAsync("+");
        var shown = (vm.ListLines(120).Lines[0], vm.DetailLines(200));

        Assert.Contains("?/?", hidden.Item1, StringComparison.Ordinal);
        Assert.Contains("votes: hidden until you vote (blind mode); you have not voted", hidden.Item2);
        Assert.DoesNotContain(hidden.Item2, l => l.Contains("bob", StringComparison.Ordinal));
        Assert.Contains("+1  -1", shown.Item1, StringComparison.Ordinal);
        Assert.Contains("votes: +1 -1 (+alice, -bob); you voted +", shown.Item2);
    }

    [Fact]
    public async Task Dissent_VotesFavourALowerRank_SaysSoAndWhy()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session());
        Assert.Null(vm.List.Dissent());

        await fixture.Store.VoteAsync("run-a", "h-ccc333", "bob", +1);
        await fixture.Store.VoteAsync("run-a", "h-ccc333", "carol", +1);
        await Work.RunAsync(vm.Refresh());

        var message = vm.List.Dissent();
        Assert.NotNull(message);
        Assert.StartsWith("DISSENT: votes favour #3 (+2), the evidence #1 (score 0.91 vs 0.20).", message, StringComparison.Ordinal);
        Assert.EndsWith("The least-voted theory can be the right one: do #1's next check first.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dissent_HighEvidenceWithNetNegativeVotes_SaysSo()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        await fixture.Store.VoteAsync("run-a", "h-bbb222", "bob", -1);
        var vm = await Work.LoadedAsync(fixture.Session());

        Assert.StartsWith("DISSENT: #2 has strong evidence (score 0.62) but net -1 votes.", vm.List.Dissent(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enter_OnHypothesis_GroupsItsSymptomsByKindAndHost()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session());

        await vm.KeyAsync("Enter");

        Assert.Equal(TuiScreen.Symptoms, vm.Screen);
        var lines = vm.ListLines(200).Lines;
        Assert.Equal(
            [
                "  gpu.xid on node-017: 2 symptoms",
                "▶   2026-05-02 03:10:00Z rank 17 node-017/kern.log:3  NVRM: Xid 79, GPU has fallen off the bus",
                "    2026-05-02 03:11:00Z rank 18 node-017/kern.log:7  NVRM: Xid 79, GPU has fallen off the bus.",
                "  nccl.timeout on node-001: 2 symptoms",
                "    2026-05-02 03:20:00Z rank 1 node-001/train.log:40  Watchdog caught collective operation timeout",
                "    2026-05-02 03:22:00Z rank 2 node-001/train.log:52  Watchdog caught collective operation timeout",
                "  nccl.timeout on node-002: 1 symptom",
                "    2026-05-02 03:21:00Z rank 9 node-002/train.log:41  Watchdog caught collective operation timeout",
            ],
            lines);
        await vm.KeyAsync("Esc");
        Assert.Equal(TuiScreen.Hypotheses, vm.Screen);
    }

    [Fact]
    public async Task Enter_OnSymptom_ShowsItsRawLineWithNeighboursSanitised()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session());

        await vm.KeyAsync("Enter");
        await vm.KeyAsync("Enter");

        Assert.Equal(TuiScreen.Source, vm.Screen);
        var (lines, selected) = vm.ListLines(200);
        Assert.Equal(
            [
                "       1 │ kern line 1",
                "       2 │ kern line 2",
                ">      3 │ NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus\\x07 done",
                "       4 │ kern line 4",
                "       5 │ kern line 5",
                "       6 │ kern line 6",
                "       7 │ NVRM: Xid (PCI:0000:3b:00): 79, pid=4411, GPU has fallen off the bus.",
                "       8 │ kern line 8",
            ],
            lines);
        Assert.Equal(2, selected);
        Assert.All(lines, l => Assert.DoesNotContain('\u001b', l));
        Assert.Contains("node-017/kern.log:3 — gpu.xid on node-017; Esc goes back", vm.DetailLines(200));
        await vm.KeyAsync("Esc");
        Assert.Equal(TuiScreen.Symptoms, vm.Screen);
    }

    [Fact]
    public async Task Enter_OnSymptomWhoseFileIsGone_SaysWhyInsteadOfFailing()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session());
        await vm.KeyAsync("Enter");
        await vm.KeyAsync("Down");
        await vm.KeyAsync("Down");
        await vm.KeyAsync("Down");

        await vm.KeyAsync("Enter");

        var line = Assert.Single(vm.ListLines(500).Lines);
        Assert.StartsWith("(cannot read ", line, StringComparison.Ordinal);
        Assert.Contains("node-001/train.log", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reanalyze_WithDelegate_RunsItAndReloads()
    {
        await using var fixture = await TuiFixture.CreateAsync(analysed: false);
        var session = fixture.Session() with { Reanalyze = token => fixture.Store.SaveAnalysisAsync(TuiFixture.Analysis, token) };
        var vm = await Work.LoadedAsync(session);
        Assert.Empty(vm.List.Visible);
        Assert.Contains("No hypotheses for this run yet", vm.DetailLines(200)[0], StringComparison.Ordinal);

        await vm.KeyAsync("r");

        Assert.Equal(3, vm.List.Visible.Count);
        Assert.Equal("re-analysed", vm.Status);
    }

    [Fact]
    public async Task LoadDetails_Selected_TimelineAndCollateralFromTheStore()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session());

        await Work.RunAsync(vm.LoadDetails(30));

        var lines = vm.DetailLines(200);
        var timeline = Assert.Single(lines, l => l.StartsWith("timeline", StringComparison.Ordinal));
        Assert.Matches(@"^timeline  2026-05-02 03:02:00Z \|[ ▁-█]{30}\| 2026-05-02 03:30:00Z$", timeline);
        Assert.Contains("collateral absorbed: 3 (nccl.timeout ×3)", lines);
        Assert.Null(vm.LoadDetails(30));
    }

    [Fact]
    public async Task HandleKey_Quit_RequestsQuitButNotWhilePrompting()
    {
        await using var fixture = await TuiFixture.CreateAsync();
        var vm = await Work.LoadedAsync(fixture.Session());

        await vm.KeyAsync("n");
        await vm.KeyAsync("q");
        var whilePrompting = vm.QuitRequested;
        vm.CancelPrompt();
        await vm.KeyAsync("q");

        Assert.False(whilePrompting);
        Assert.True(vm.QuitRequested);
    }
}
