using Microsoft.Extensions.Time.Testing;
using Triage.Storage.Embedded.Tests;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch.Tests.Contract;

/// <summary>
/// The store contract (ISymptomStore) as tests that every store must pass: the embedded store
/// always, Elasticsearch when TRIAGE_ES_URL is set. Each test gets a fresh, empty store.
/// </summary>
public abstract partial class SymptomStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 5, 2, 3, 0, 0, TimeSpan.Zero));

    protected ISymptomStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await OpenAsync(Clock);

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await CleanUpAsync();
    }

    /// <summary>Opens a fresh, empty store using <paramref name="clock"/> for the times it stamps.</summary>
    protected abstract Task<ISymptomStore> OpenAsync(TimeProvider clock);

    /// <summary>Removes what <see cref="OpenAsync"/> created.</summary>
    protected abstract Task CleanUpAsync();

    [StoreFact]
    public async Task AppendAsync_SameIdsTwice_SecondReturnsZeroAndCountIsUnchanged()
    {
        var batch = TestSymptoms.Range(0, 500);

        var first = await Store.AppendAsync(batch);
        var second = await Store.AppendAsync(batch);
        var overlapping = await Store.AppendAsync(TestSymptoms.Range(400, 200));

        Assert.Equal(500, first);
        Assert.Equal(0, second);
        Assert.Equal(100, overlapping);
        Assert.Equal(600, await Store.CountAsync(SymptomFilter.All));
    }

    [StoreFact]
    public async Task AppendAsync_IdAlreadyStored_KeepsTheStoredSymptom()
    {
        var original = TestSymptoms.Make(1);
        await Store.AppendAsync([original]);

        await Store.AppendAsync([original with { Message = "changed" }]);

        SymptomAssert.Equal(original, await Store.GetAsync(original.Id));
    }

    [StoreFact]
    public async Task AppendAsync_EveryField_RoundTrips()
    {
        var full = new Symptom
        {
            Id = "s-full",
            Timestamp = new DateTimeOffset(2026, 5, 2, 5, 14, 7, 123, TimeSpan.FromHours(2)),
            TimeInferred = true,
            Run = "run-ü",
            Host = "node-017",
            Rank = int.MaxValue,
            LocalRank = 0,
            Gpu = -1,
            Pid = int.MinValue,
            Kind = "gpu.xid",
            Category = SymptomCategory.Hardware,
            Severity = Severity.Critical,
            Signature = "xid-79",
            Message = "NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus.",
            Source = new SymptomSource("kern/node-017.log", long.MaxValue, 1L << 40),
            Rule = "gpu.xid.79",
            Attrs = new Dictionary<string, string> { ["xid"] = "79", ["pci"] = "0000:3b:00", ["empty"] = string.Empty },
        };
        var minimal = new Symptom
        {
            Id = "s-minimal",
            Run = "r",
            Kind = "log.unknown",
            Signature = string.Empty,
            Message = string.Empty,
            Source = new SymptomSource(string.Empty, 0, 0),
            Rule = string.Empty,
        };

        await Store.AppendAsync([full, minimal]);

        SymptomAssert.Equal(full, await Store.GetAsync("s-full"));
        SymptomAssert.Equal(minimal, await Store.GetAsync("s-minimal"));
        Assert.Equal(TimeSpan.Zero, (await Store.GetAsync("s-full"))!.Timestamp!.Value.Offset);
    }

    [StoreFact]
    public async Task GetAsync_UnknownId_ReturnsNull() => Assert.Null(await Store.GetAsync("s-missing"));

    [StoreFact]
    public async Task QueryAsync_PagesOf40_ReturnEachOnceInStoreOrder()
    {
        var data = TestSymptoms.Range(0, 230);
        await Store.AppendAsync(data);

        var seen = new List<Symptom>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryAsync(new SymptomFilter { Run = "run-a" }, new SymptomPageRequest { Size = 40, Cursor = cursor });
            Assert.InRange(page.Items.Count, 1, 40);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(6, pages);
        Assert.Equal(data.InStoreOrder().Select(s => s.Id), seen.Select(s => s.Id));
    }

    [StoreFact]
    public async Task QueryAsync_Filters_MatchWhatTheFilterSays()
    {
        var data = (Symptom[])[.. TestSymptoms.Range(0, 200), .. TestSymptoms.Range(0, 40, run: "run-b")];
        await Store.AppendAsync(data);
        SymptomFilter[] filters =
        [
            new() { Run = "run-b" },
            new() { From = TestSymptoms.T0.AddSeconds(40), To = TestSymptoms.T0.AddSeconds(70) },
            new() { Kinds = ["gpu.xid", "train.nan"], Hosts = ["node-001", "node-003"] },
            new() { Categories = [SymptomCategory.Hardware], Ranks = [0, 5, 15], MinSeverity = Severity.Warning },
            new() { Signatures = ["sig-2"], Text = "NUMBER 12" },
            new() { Attrs = new Dictionary<string, string> { ["data_shard"] = "web-0002", ["step"] = "50" } },
            new() { Run = "run-a", Timed = false },
            new() { Kinds = ["gpu.xid", "train.nan"], Timed = true },
        ];

        foreach (var filter in filters)
        {
            var page = await Store.QueryAsync(filter, new SymptomPageRequest { Size = 1000 });
            Assert.Equal(data.Where(filter.Matches).InStoreOrder().Select(s => s.Id), page.Items.Select(s => s.Id));
            Assert.Equal(data.Count(filter.Matches), await Store.CountAsync(filter));
        }

        // Without a time or with one: the two parts add up, in aggregations too.
        var untimed = await Store.AggregateAsync(new SymptomFilter { Run = "run-a", Timed = false }, [SymptomField.Parse("kind")], 100);
        var timed = await Store.AggregateAsync(new SymptomFilter { Run = "run-a", Timed = true }, [SymptomField.Parse("kind")], 100);
        Assert.Equal(data.Count(x => x.Run == "run-a" && x.Timestamp is null), untimed.Total);
        Assert.Equal(200 - untimed.Total, timed.Total);
        Assert.True(untimed.Total > 0);
    }

    [StoreFact]
    public async Task QueryAsync_MalformedCursor_ThrowsUsageError()
    {
        var error = await Assert.ThrowsAsync<TriageException>(() => Store.QueryAsync(SymptomFilter.All, new SymptomPageRequest { Cursor = "not-a-cursor" }));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [StoreFact]
    public async Task AggregateAsync_ByKindHostAndMinute_MatchesLinqGrouping()
    {
        var data = TestSymptoms.Range(0, 300);
        await Store.AppendAsync(data);
        var filter = new SymptomFilter { MinSeverity = Severity.Warning };

        var result = await Store.AggregateAsync(filter, SymptomField.ParseList("kind,host,@timestamp:60s,rank"), maxGroups: 25);

        var expected = data.Where(filter.Matches)
            .GroupBy(s => (s.Kind, s.Host, Minute: s.Timestamp is { } t ? (t.ToUnixTimeMilliseconds() / 60_000 * 60_000).ToString(System.Globalization.CultureInfo.InvariantCulture) : null, Rank: s.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Select(g => new AggregateRow([g.Key.Kind, g.Key.Host, g.Key.Minute, g.Key.Rank], g.Count(), g.Min(s => s.Timestamp), g.Max(s => s.Timestamp)))
            .ToList();
        expected.Sort(SymptomAggregations.CompareRows);
        Assert.Equal(data.Count(filter.Matches), result.Total);
        Assert.True(result.Truncated);
        Assert.Equal(
            expected.Take(25).Select(r => $"{string.Join('|', r.Keys)} {r.Count} {r.FirstSeen:O} {r.LastSeen:O}"),
            result.Rows.Select(r => $"{string.Join('|', r.Keys)} {r.Count} {r.FirstSeen:O} {r.LastSeen:O}"));
    }

    [StoreFact]
    public async Task AggregateAsync_ByCategorySeverityAndAttribute_LowerCaseNamesAndNullWhenAbsent()
    {
        var data = TestSymptoms.Range(0, 100);
        await Store.AppendAsync(data);

        var result = await Store.AggregateAsync(SymptomFilter.All, SymptomField.ParseList("category,severity,attrs.data_shard"));

        Assert.Equal(100, result.Total);
        Assert.False(result.Truncated);
        Assert.Equal(100, result.Rows.Sum(r => r.Count));
        Assert.Contains(result.Rows, r => r.Keys[0] == "hardware" && r.Keys[2] is null);
        Assert.All(result.Rows, r => Assert.Contains(r.Keys[1], new[] { "info", "warning", "error", "critical" }));
        Assert.Equal(
            data.Count(s => s.Category == SymptomCategory.Network && s.Severity == Severity.Error && s.Attrs.GetValueOrDefault("data_shard") == "web-0001"),
            result.Rows.Where(r => r.Keys.SequenceEqual(["network", "error", "web-0001"])).Sum(r => r.Count));
    }
}
