using Microsoft.Data.Sqlite;
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

    private static string[] Describe(AggregateResult result) =>
        result.Rows.Select(r => string.Join("|", r.Keys.Select(k => k ?? "-")) + " ×" + r.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + (r.FirstSeen is { } f ? " " + f.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + ".." + r.LastSeen!.Value.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)).Order(StringComparer.Ordinal).ToArray();
}
