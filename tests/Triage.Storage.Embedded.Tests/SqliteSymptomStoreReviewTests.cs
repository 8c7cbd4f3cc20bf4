using Triage.Hypotheses;

namespace Triage.Storage.Embedded.Tests;

public sealed class SqliteSymptomStoreReviewTests
{
    [Fact]
    public async Task AddReviewAsync_BlankAuthor_Throws()
    {
        await using var temp = await TempStore.CreateAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.AddReviewAsync("run-a", new ReviewEntry("h-1", ReviewKind.Note, " ", "x", temp.Clock.GetUtcNow())));
    }

    [Fact]
    public async Task GetVoteHistoryAsync_ChangedAndWithdrawnVotes_EveryVoteInCastingOrder()
    {
        await using var temp = await TempStore.CreateAsync();
        var t0 = temp.Clock.GetUtcNow();

        await temp.Store.VoteAsync("run-a", "h-1", "alice", +1);
        temp.Clock.Advance(TimeSpan.FromMinutes(5));
        await temp.Store.VoteAsync("run-a", "h-2", "bob", +1);
        temp.Clock.Advance(TimeSpan.FromMinutes(5));
        await temp.Store.VoteAsync("run-a", "h-1", "alice", -1);
        temp.Clock.Advance(TimeSpan.FromMinutes(5));
        await temp.Store.VoteAsync("run-a", "h-2", "bob", 0);
        await temp.Store.VoteAsync("run-b", "h-1", "carol", +1);

        var history = await temp.Store.GetVoteHistoryAsync("run-a");

        Assert.Equal(
            [("h-1", "alice", 1, t0), ("h-2", "bob", 1, t0.AddMinutes(5)), ("h-1", "alice", -1, t0.AddMinutes(10)), ("h-2", "bob", 0, t0.AddMinutes(15))],
            history.Select(v => (v.HypothesisId, v.Voter, v.Vote, v.At)));
        Assert.Equal([("h-1", "alice", -1)], (await temp.Store.GetVotesAsync("run-a")).Select(v => (v.HypothesisId, v.Voter, v.Vote)));
    }

    [Fact]
    public async Task GetVoteHistoryAsync_VoteCastBeforeTheLogExisted_AppearsOnceAsTheCurrentVote()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.VoteAsync("run-a", "h-1", "alice", +1);
        await ExecuteAsync(temp.FilePath, "DELETE FROM vote_log;");
        await temp.Store.VoteAsync("run-a", "h-2", "bob", -1);

        var history = await temp.Store.GetVoteHistoryAsync("run-a");

        Assert.Equal([("h-1", "alice", 1), ("h-2", "bob", -1)], history.Select(v => (v.HypothesisId, v.Voter, v.Vote)));
    }

    [Fact]
    public async Task AddReviewAsync_TwoInstancesInParallel_KeepsEveryEntry()
    {
        await using var temp = await TempStore.CreateAsync();
        var other = await temp.OpenAsync();
        SqliteSymptomStore[] instances = [temp.Store, other];

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await instances[w % 2].AddReviewAsync("run-a", new ReviewEntry("h-1", ReviewKind.Note, $"user{w}", $"note {i}", temp.Clock.GetUtcNow()));
            }
        })));

        var reviews = await temp.Store.GetReviewsAsync("run-a");
        Assert.Equal(200, reviews.Count);
        Assert.All(reviews.GroupBy(r => r.Author), g => Assert.Equal(Enumerable.Range(0, 25).Select(i => $"note {i}"), g.Select(r => r.Text)));
    }

    [Fact]
    public async Task VoteAsync_FiftyVotersTwoHundredVotesEachOverTwoConnections_ExactTalliesOneVotePerVoter()
    {
        await using var temp = await TempStore.CreateAsync();
        var other = await temp.OpenAsync();
        SqliteSymptomStore[] instances = [temp.Store, other];
        const int Voters = 50;
        const int VotesEach = 200;
        string[] hypotheses = ["h-a", "h-b", "h-c", "h-d"];

        // Voter v's i-th vote goes to hypothesis i % 4 with a sign that depends on (v, i); the last
        // vote a voter casts on each hypothesis is the one that must count.
        static int Sign(int v, int i) => ((v * 7) + (i * 3)) % 5 < 2 ? -1 : +1;
        await Task.WhenAll(Enumerable.Range(0, Voters).Select(v => Task.Run(async () =>
        {
            for (var i = 0; i < VotesEach; i++)
            {
                await instances[v % 2].VoteAsync("run-a", hypotheses[i % hypotheses.Length], $"voter-{v:00}", Sign(v, i));
            }
        })));

        var expected = hypotheses.Select((h, k) =>
        {
            var finals = Enumerable.Range(0, Voters).Select(v => Sign(v, VotesEach - hypotheses.Length + k)).ToList();
            return (Id: h, Up: finals.Count(s => s > 0), Down: finals.Count(s => s < 0));
        }).ToList();
        var votes = await other.GetVotesAsync("run-a");
        Assert.Equal(Voters * hypotheses.Length, votes.Count);
        Assert.Equal(votes.Count, votes.Select(v => (v.HypothesisId, v.Voter)).Distinct().Count());
        foreach (var (id, up, down) in expected)
        {
            Assert.Equal(up, votes.Count(v => v.HypothesisId == id && v.Vote > 0));
            Assert.Equal(down, votes.Count(v => v.HypothesisId == id && v.Vote < 0));
            Assert.True(up > 0 && down > 0, "the signs should mix so that a lost change would show");
        }

        await using var connection = await StoreDatabase.Create(temp.FilePath, TimeSpan.FromSeconds(10)).OpenAsync(CancellationToken.None);
        var tallies = await HypothesisTable.VotesAsync(connection, "run-a", CancellationToken.None);
        Assert.Equal(expected.Select(e => new VoteTally(e.Up, e.Down)), hypotheses.Select(h => tallies[h]));
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
