using Microsoft.Data.Sqlite;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Storage.Embedded.Tests;

public sealed class SqliteSymptomStoreRollupTests
{
    private static readonly IReadOnlyList<SymptomField>[] Groupings =
    [
        SymptomField.ParseList("kind"),
        SymptomField.ParseList("host"),
        SymptomField.ParseList("kind,host"),
        SymptomField.ParseList("kind,@timestamp:60s"),
        SymptomField.ParseList("kind,host,@timestamp:60s"),
        SymptomField.ParseList("@timestamp:300s,run"),
    ];

    [Fact]
    public async Task AggregateAsync_FromTheRollup_EqualsTheSameAggregationOverTheRows()
    {
        await using var temp = await TempStore.CreateAsync();
        // Overlapping batches: the rollup must count each symptom once.
        await temp.Store.AppendAsync(TestSymptoms.Range(0, 600));
        await temp.Store.AppendAsync(TestSymptoms.Range(300, 600));
        await temp.Store.AppendAsync(TestSymptoms.Range(0, 50, run: "run-b"));

        foreach (var groupBy in Groupings)
        {
            foreach (var filter in new[] { SymptomFilter.All, new SymptomFilter { Run = "run-a" }, new SymptomFilter { Run = "run-a", Kinds = ["gpu.xid", "train.nan"], Hosts = ["node-001"] } })
            {
                var fromRollup = await temp.Store.AggregateAsync(filter, groupBy);

                // MinSeverity = info selects every row but forces the scan over the symptoms table.
                var fromRows = await temp.Store.AggregateAsync(filter with { MinSeverity = Severity.Info }, groupBy);
                Assert.Equal(fromRows.Total, fromRollup.Total);
                Assert.Equal(Describe(fromRows), Describe(fromRollup));
            }
        }
    }

    [Fact]
    public async Task OpenAsync_VersionOneStore_MigratesAndFillsTheRollup()
    {
        await using var temp = TempStore.CreateEmpty();
        Directory.CreateDirectory(temp.Directory);
        await using (var connection = new SqliteConnection($"Data Source={temp.FilePath}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = StoreSchema.V1 + """
                INSERT INTO symptoms (id, run, ts, ts_inferred, host, kind, category, severity, signature, message, path, line, "offset", rule)
                VALUES ('s-1', 'old', 1777691640000, 0, 'node-1', 'gpu.xid', 'hardware', 'critical', 'xid-79', 'm', 'k.log', 1, 0, 'r'),
                       ('s-2', 'old', 1777691650000, 0, 'node-1', 'gpu.xid', 'hardware', 'critical', 'xid-79', 'm', 'k.log', 2, 10, 'r'),
                       ('s-3', 'old', NULL, 0, NULL, 'nccl.timeout', 'software', 'error', 't', 'm', 'k.log', 3, 20, 'r');
                PRAGMA user_version=1; PRAGMA application_id=1414678855;
                """;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var store = await temp.OpenAsync();

        var byKindHost = await store.AggregateAsync(new SymptomFilter { Run = "old" }, SymptomField.ParseList("kind,host,@timestamp:60s"));
        Assert.Equal(3, byKindHost.Total);
        Assert.Equal(["gpu.xid|node-1|1777691640000 ×2 1777691640000..1777691650000", "nccl.timeout|-|- ×1"], Describe(byKindHost));
    }

    [Fact]
    public async Task SaveAnalysisAsync_KeepsHypothesesVotesAndAttributionAcrossReanalysis()
    {
        await using var temp = await TempStore.CreateAsync();
        var symptoms = TestSymptoms.Range(1, 20);
        await temp.Store.AppendAsync(symptoms);
        var first = Analysis("run-a", [Hypothesis("h-aaaaaa", 1, 0.9), Hypothesis("h-bbbbbb", 2, 0.4)], symptoms[0].Id);
        await temp.Store.SaveAnalysisAsync(first);
        await temp.Store.VoteAsync("run-a", "h-bbbbbb", "alice", +1);
        await temp.Store.VoteAsync("run-a", "h-bbbbbb", "bob", -1);
        await temp.Store.VoteAsync("run-a", "h-bbbbbb", "bob", +1);
        await temp.Store.VoteAsync("run-a", "h-aaaaaa", "carol", -1);
        await temp.Store.VoteAsync("run-a", "h-aaaaaa", "carol", 0);

        // Re-analysis no longer produces h-bbbbbb: it stays, unranked, with its votes.
        await temp.Store.SaveAnalysisAsync(Analysis("run-a", [Hypothesis("h-aaaaaa", 1, 0.95)], symptoms[1].Id));

        var stored = await temp.Store.GetHypothesesAsync("run-a");
        Assert.Equal(["h-aaaaaa", "h-bbbbbb"], stored.Select(h => h.Id));
        Assert.Equal([1, 0], stored.Select(h => h.Rank));
        Assert.Equal(0.95, stored[0].Score);
        Assert.Equal(VoteTally.None, stored[0].Votes);
        Assert.Equal(new VoteTally(2, 0), stored[1].Votes);
        Assert.Equal("software|data_shard=web-0412", stored[0].Title);

        var attribution = await temp.Store.GetAttributionAsync("run-a");
        Assert.NotNull(attribution);
        Assert.Equal(("h-aaaaaa", AttributionRole.Root), attribution.Resolve(symptoms[1]));
        Assert.Null(attribution.Resolve(symptoms[0] with { Kind = "train.nan" }));
        var timeout = symptoms.First(s => s.Kind == "nccl.timeout" && s.Timestamp is not null && s.Id != symptoms[1].Id);
        Assert.Equal(("h-aaaaaa", AttributionRole.Collateral), attribution.Resolve(timeout));
        Assert.Null(await temp.Store.GetAttributionAsync("never-analysed"));
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

    private static string[] Describe(AggregateResult result) =>
        result.Rows.Select(r => string.Join("|", r.Keys.Select(k => k ?? "-")) + " ×" + r.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + (r.FirstSeen is { } f ? " " + f.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + ".." + r.LastSeen!.Value.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)).Order(StringComparer.Ordinal).ToArray();
}
