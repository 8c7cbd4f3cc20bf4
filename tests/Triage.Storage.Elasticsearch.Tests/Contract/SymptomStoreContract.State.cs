using Triage.Hypotheses;
using Triage.Storage.Embedded.Tests;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch.Tests.Contract;

/// <summary>The contract's state: checkpoints, collector failures, runs, analyses, votes and reviews.</summary>
public abstract partial class SymptomStoreContract
{
    [StoreFact]
    public async Task AppendAsync_WithCheckpoint_SavesItStampedByTheStoreClock()
    {
        var checkpoint = TestCheckpoints.Make("logs/a.log", offset: 4096);

        await Store.AppendAsync(TestSymptoms.Range(0, 3), checkpoint);

        var saved = Assert.Single(await Store.GetCheckpointsAsync("run-a"));
        Assert.Equal(checkpoint with { UpdatedAt = Clock.GetUtcNow() }, saved);
    }

    [StoreFact]
    public async Task AppendAsync_SameCheckpointPathAgain_ReplacesIt()
    {
        await Store.AppendAsync([], TestCheckpoints.Make("logs/a.log", offset: 10));
        Clock.Advance(TimeSpan.FromMinutes(1));

        await Store.AppendAsync([], TestCheckpoints.Make("logs/a.log", offset: 20) with { Complete = true, LastTimestamp = null });

        var saved = Assert.Single(await Store.GetCheckpointsAsync("run-a"));
        Assert.Equal(20, saved.Offset);
        Assert.True(saved.Complete);
        Assert.Null(saved.LastTimestamp);
        Assert.Equal(Clock.GetUtcNow(), saved.UpdatedAt);
    }

    [StoreFact]
    public async Task DeleteCheckpointAsync_KeepsTheSymptomsAndOtherCheckpoints()
    {
        await Store.AppendAsync(TestSymptoms.Range(0, 5), TestCheckpoints.Make("logs/a.log", offset: 1));
        await Store.AppendAsync([], TestCheckpoints.Make("logs/b.log", offset: 1));

        await Store.DeleteCheckpointAsync("run-a", "logs/a.log");

        Assert.Equal("logs/b.log", Assert.Single(await Store.GetCheckpointsAsync("run-a")).Path);
        Assert.Equal(5, await Store.CountAsync(SymptomFilter.All));
    }

    [StoreFact]
    public async Task RecordFailureAsync_SameRunPathAndReason_IsRecordedOnce()
    {
        var failure = new CollectorFailure("run-a", "core.1", CollectorFailureKind.Damaged, "truncated", TestSymptoms.T0);

        await Store.RecordFailureAsync(failure);
        await Store.RecordFailureAsync(failure with { At = TestSymptoms.T0.AddHours(1), Kind = CollectorFailureKind.Failed });

        Assert.Equal(failure, Assert.Single(await Store.GetFailuresAsync("run-a")));
    }

    [StoreFact]
    public async Task GetFailuresAsync_SeveralRuns_NewestFirstAndFilteredByRun()
    {
        var old = new CollectorFailure("run-a", "a.log", CollectorFailureKind.Skipped, "binary file", TestSymptoms.T0);
        var newer = new CollectorFailure("run-a", "a.log", CollectorFailureKind.Failed, "gzip error", TestSymptoms.T0.AddMinutes(5));
        var other = new CollectorFailure("run-b", "b.log", CollectorFailureKind.Damaged, "line too long", TestSymptoms.T0.AddMinutes(1));
        foreach (var failure in new[] { old, other, newer })
        {
            await Store.RecordFailureAsync(failure);
        }

        Assert.Equal([newer, old], await Store.GetFailuresAsync("run-a"));
        Assert.Equal([newer, other, old], await Store.GetFailuresAsync(null));
    }

    [StoreFact]
    public async Task GetRunsAsync_SymptomsCheckpointsAndFailures_SummarisesEachRunByName()
    {
        var runB = TestSymptoms.Range(0, 20, run: "run-b");
        await Store.AppendAsync(runB, TestCheckpoints.Make("x.log", 1) with { Run = "run-b" });
        await Store.AppendAsync([], TestCheckpoints.Make("y.log", 1) with { Run = "run-b" });
        await Store.RecordFailureAsync(new CollectorFailure("run-c", "c.log", CollectorFailureKind.Failed, "unreadable", TestSymptoms.T0));
        await Store.AppendAsync([TestSymptoms.Make(10, run: "run-a")]);

        var runs = await Store.GetRunsAsync();

        var timed = runB.Where(s => s.Timestamp is not null).Select(s => s.Timestamp!.Value).ToArray();
        Assert.Equal(
            [
                new RunSummary("run-a", 1, 0, 0, null, null),
                new RunSummary("run-b", 20, 2, 0, timed.Min(), timed.Max()),
                new RunSummary("run-c", 0, 0, 1, null, null),
            ],
            runs);
    }

    [StoreFact]
    public async Task GetVotesAsync_AfterVotesChangesAndWithdrawals_NamesEachVoterOnceWithTheCurrentVote()
    {
        await Store.VoteAsync("run-a", "h-1", "bob", -1);
        await Store.VoteAsync("run-a", "h-1", "alice", +1);
        await Store.VoteAsync("run-a", "h-1", "bob", +1);
        await Store.VoteAsync("run-a", "h-2", "carol", -1);
        await Store.VoteAsync("run-a", "h-2", "dave", +1);
        await Store.VoteAsync("run-a", "h-2", "dave", 0);
        await Store.VoteAsync("run-b", "h-1", "erin", +1);

        var votes = await Store.GetVotesAsync("run-a");

        Assert.Equal(["h-1 alice +1", "h-1 bob +1", "h-2 carol -1"], votes.Select(v => $"{v.HypothesisId} {v.Voter} {v.Vote:+0;-0}").ToArray());
        Assert.All(votes, v => Assert.Equal(Clock.GetUtcNow(), v.At));
    }

    [StoreFact]
    public async Task AddReviewAsync_DecisionsAndNotes_ReadBackInOrderPerRun()
    {
        var at = Clock.GetUtcNow();
        await Store.AddReviewAsync("run-a", new ReviewEntry("h-1", ReviewKind.Confirm, "alice", "ECC errors on node-017 match", at));
        await Store.AddReviewAsync("run-b", new ReviewEntry("h-1", ReviewKind.Note, "bob", "other run", at));
        await Store.AddReviewAsync("run-a", new ReviewEntry("h-2", ReviewKind.Note, "bob", "swapped the cable\u001b[31m", at.AddMinutes(1)));
        await Store.AddReviewAsync("run-a", new ReviewEntry("h-1", ReviewKind.Reject, "carol", "node-017 was fine after reset", at.AddMinutes(2)));

        var reviews = await Store.GetReviewsAsync("run-a");

        Assert.Equal(
            [
                new ReviewEntry("h-1", ReviewKind.Confirm, "alice", "ECC errors on node-017 match", at),
                new ReviewEntry("h-2", ReviewKind.Note, "bob", "swapped the cable\u001b[31m", at.AddMinutes(1)),
                new ReviewEntry("h-1", ReviewKind.Reject, "carol", "node-017 was fine after reset", at.AddMinutes(2)),
            ],
            reviews);
        Assert.Empty(await Store.GetReviewsAsync("run-c"));
    }

    [StoreFact]
    public async Task SaveAnalysisAsync_KeepsHypothesesVotesAndAttributionAcrossReanalysis()
    {
        var symptoms = TestSymptoms.Range(1, 20);
        await Store.AppendAsync(symptoms);
        await Store.SaveAnalysisAsync(Analysis("run-a", [Hypothesis("h-aaaaaa", 1, 0.9), Hypothesis("h-bbbbbb", 2, 0.4)], symptoms[0].Id));
        await Store.VoteAsync("run-a", "h-bbbbbb", "alice", +1);
        await Store.VoteAsync("run-a", "h-bbbbbb", "bob", -1);
        await Store.VoteAsync("run-a", "h-bbbbbb", "bob", +1);
        await Store.VoteAsync("run-a", "h-aaaaaa", "carol", -1);
        await Store.VoteAsync("run-a", "h-aaaaaa", "carol", 0);

        // Re-analysis no longer produces h-bbbbbb: it stays, unranked, with its votes.
        await Store.SaveAnalysisAsync(Analysis("run-a", [Hypothesis("h-aaaaaa", 1, 0.95)], symptoms[1].Id));

        var stored = await Store.GetHypothesesAsync("run-a");
        Assert.Equal(["h-aaaaaa", "h-bbbbbb"], stored.Select(h => h.Id));
        Assert.Equal([1, 0], stored.Select(h => h.Rank));
        Assert.Equal(0.95, stored[0].Score);
        Assert.Equal(VoteTally.None, stored[0].Votes);
        Assert.Equal(new VoteTally(2, 0), stored[1].Votes);
        Assert.Equal("software|data_shard=web-0412", stored[0].Title);

        var attribution = await Store.GetAttributionAsync("run-a");
        Assert.NotNull(attribution);
        Assert.Equal(("h-aaaaaa", AttributionRole.Root), attribution.Resolve(symptoms[1]));
        Assert.Null(attribution.Resolve(symptoms[0] with { Kind = "train.nan" }));
        var timeout = symptoms.First(s => s.Kind == "nccl.timeout" && s.Timestamp is not null && s.Id != symptoms[1].Id);
        Assert.Equal(("h-aaaaaa", AttributionRole.Collateral), attribution.Resolve(timeout));
        Assert.Null(await Store.GetAttributionAsync("never-analysed"));
    }

    [StoreFact]
    public async Task SaveAnalysisAsync_ClaimsByRankAndAttribute_ReadBackTheSame()
    {
        // A group of watchdog lines that named only their rank is claimed by those ranks (stored
        // without a host); a group of aborts by their exception.
        var byRank = new SymptomFilter { Run = "run-a", Kinds = ["nccl.timeout"], Ranks = [8, 9, 15], From = TestSymptoms.T0, To = TestSymptoms.T0.AddMinutes(1) };
        var byAttr = new SymptomFilter { Run = "run-a", Kinds = ["proc.abort"], Hosts = ["node-002"], Attrs = new Dictionary<string, string> { ["exception"] = "c10::DistBackendError" } };
        var analysis = Analysis("run-a", [Hypothesis("h-aaaaaa", 1, 0.9)], "s-none") is var a
            ? a with { Attribution = new Attribution(a.Attribution.ById, [new AttributionClaim("h-aaaaaa", AttributionRole.Collateral, byRank), new AttributionClaim("h-aaaaaa", AttributionRole.Root, byAttr)]) }
            : null!;

        await Store.SaveAnalysisAsync(analysis);

        var claims = (await Store.GetAttributionAsync("run-a"))!.Claims;
        Assert.Equal(2, claims.Count);
        Assert.Equal([8, 9, 15], claims[0].Filter.Ranks);
        Assert.Empty(claims[0].Filter.Hosts);
        Assert.Equal(byRank.From, claims[0].Filter.From);
        Assert.Equal(AttributionRole.Root, claims[1].Role);
        Assert.Equal(["node-002"], claims[1].Filter.Hosts);
        Assert.Equal("c10::DistBackendError", Assert.Single(claims[1].Filter.Attrs).Value);
        Assert.Empty(claims[1].Filter.Ranks);
    }

    private static Analysis Analysis(string run, Hypothesis[] hypotheses, string rootId) => new(
        run,
        20,
        hypotheses,
        3,
        new Attribution(
            new Dictionary<string, (string, AttributionRole)> { [rootId] = (hypotheses[0].Id, AttributionRole.Root) },
            [new AttributionClaim(hypotheses[0].Id, AttributionRole.Collateral, new SymptomFilter { Run = run, Kinds = ["nccl.timeout"], From = TestSymptoms.T0, To = TestSymptoms.T0.AddHours(1) })]),
        TestSymptoms.T0.AddHours(2));

    private static Hypothesis Hypothesis(string id, int rank, double score) => new()
    {
        Id = id,
        Rank = rank,
        Title = "software|data_shard=web-0412",
        Category = SymptomCategory.Software,
        Factors = [new Factor("data_shard", "web-0412")],
        Score = score,
        Explains = new HypothesisExplains(10, 0.5, ["cuda.illegal_address", "nccl.timeout"], 3, 8, 2),
        FirstSeen = TestSymptoms.T0,
        Evidence = ["e"],
        CounterEvidence = [],
        NextCheck = "n",
    };
}
