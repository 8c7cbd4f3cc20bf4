using System.Globalization;
using Triage.Symptoms;

namespace Triage.Storage.Embedded.Tests;

public sealed class SqliteSymptomStoreAggregateTests : IAsyncLifetime
{
    private static readonly Symptom[] Data = [.. TestSymptoms.Range(0, 400), .. TestSymptoms.Range(0, 40, run: "run-b")];

    private TempStore _temp = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        await _temp.Store.AppendAsync(Data);
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task AggregateAsync_ByKind_CountsEachKindLargestFirst()
    {
        var result = await _temp.Store.AggregateAsync(SymptomFilter.All, SymptomField.ParseList("kind"));

        AssertGroups(Data, s => [s.Kind], result);
        Assert.Equal(Data.Length, result.Total);
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task AggregateAsync_EqualCounts_AreOrderedByKey()
    {
        var result = await _temp.Store.AggregateAsync(new SymptomFilter { Run = "run-a" }, SymptomField.ParseList("kind"));

        // 400 symptoms over four kinds in turn: every group has 100.
        Assert.All(result.Rows, r => Assert.Equal(100, r.Count));
        Assert.Equal(["cuda.illegal_address", "gpu.xid", "nccl.timeout", "train.nan"], result.Rows.Select(r => r.Keys[0]));
    }

    [Fact]
    public async Task AggregateAsync_ByTwoFieldsWithNullsAndInts_RendersKeysAsInvariantStrings()
    {
        var result = await _temp.Store.AggregateAsync(SymptomFilter.All, SymptomField.ParseList("host,rank"));

        AssertGroups(Data, s => [s.Host, s.Rank?.ToString(CultureInfo.InvariantCulture)], result);
        Assert.Contains(result.Rows, r => r.Keys[0] is null);
        Assert.Contains(result.Rows, r => r.Keys[1] is null);
    }

    [Fact]
    public async Task AggregateAsync_ByCategoryAndSeverity_UsesLowerCaseNames()
    {
        var result = await _temp.Store.AggregateAsync(SymptomFilter.All, SymptomField.ParseList("category,severity"));

        AssertGroups(Data, s => [s.Category.ToString().ToLowerInvariant(), s.Severity.ToString().ToLowerInvariant()], result);
        Assert.Contains(result.Rows, r => r.Keys[0] == "hardware" && r.Keys[1] == "critical");
    }

    [Fact]
    public async Task AggregateAsync_ByAttribute_GroupsByItsValueAndNullWhenAbsent()
    {
        var result = await _temp.Store.AggregateAsync(SymptomFilter.All, SymptomField.ParseList("attrs.data_shard,source.path"));

        AssertGroups(Data, s => [s.Attrs.GetValueOrDefault("data_shard"), s.Source.Path], result);
        Assert.Contains(result.Rows, r => r.Keys[0] is null);
    }

    [Fact]
    public async Task AggregateAsync_WithFilter_CountsOnlyMatchesAndTotalIsTheFilteredCount()
    {
        var filter = new SymptomFilter { Run = "run-a", Kinds = ["gpu.xid", "nccl.timeout"], MinSeverity = Severity.Warning };
        bool Matches(Symptom s) => s.Run == "run-a" && s.Kind is "gpu.xid" or "nccl.timeout" && s.Severity >= Severity.Warning;

        var result = await _temp.Store.AggregateAsync(filter, SymptomField.ParseList("signature,pid"));

        AssertGroups(Data.Where(Matches), s => [s.Signature, s.Pid?.ToString(CultureInfo.InvariantCulture)], result);
        Assert.Equal(Data.Count(Matches), result.Total);
    }

    [Fact]
    public async Task AggregateAsync_MoreGroupsThanMax_ReturnsTheLargestAndSetsTruncated()
    {
        var result = await _temp.Store.AggregateAsync(SymptomFilter.All, SymptomField.ParseList("signature"), maxGroups: 2);

        var expected = Expected(Data, s => [s.Signature]).Take(2).ToArray();
        Assert.True(result.Truncated);
        Assert.Equal(expected.Select(e => (e.Keys[0], e.Count)), result.Rows.Select(r => (r.Keys[0], r.Count)));
        Assert.Equal(Data.Length, result.Total);
    }

    [Fact]
    public async Task AggregateAsync_ExactlyMaxGroups_IsNotTruncated()
    {
        var groups = Data.Select(s => s.Signature).Distinct().Count();

        var result = await _temp.Store.AggregateAsync(SymptomFilter.All, SymptomField.ParseList("signature"), maxGroups: groups);

        Assert.False(result.Truncated);
        Assert.Equal(groups, result.Rows.Count);
    }

    [Fact]
    public async Task AggregateAsync_Rows_CarryFirstAndLastSeen()
    {
        var result = await _temp.Store.AggregateAsync(new SymptomFilter { Run = "run-b" }, SymptomField.ParseList("run"));

        var row = Assert.Single(result.Rows);
        var times = Data.Where(s => s.Run == "run-b" && s.Timestamp is not null).Select(s => s.Timestamp!.Value).ToArray();
        Assert.Equal(times.Min(), row.FirstSeen);
        Assert.Equal(times.Max(), row.LastSeen);
    }

    [Fact]
    public async Task AggregateAsync_NoMatches_ReturnsNoRowsAndZeroTotal()
    {
        var result = await _temp.Store.AggregateAsync(new SymptomFilter { Run = "none" }, SymptomField.ParseList("kind"));

        Assert.Empty(result.Rows);
        Assert.Equal(0, result.Total);
        Assert.False(result.Truncated);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public async Task AggregateAsync_MaxGroupsOutOfRange_ThrowsArgumentOutOfRange(int maxGroups)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _temp.Store.AggregateAsync(SymptomFilter.All, SymptomField.ParseList("kind"), maxGroups));
    }

    [Fact]
    public async Task AggregateAsync_NoFields_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _temp.Store.AggregateAsync(SymptomFilter.All, []));
    }

    /// <summary>The groups LINQ finds, in the contract's order: count descending, then keys (null first, ordinal).</summary>
    private static List<(string?[] Keys, long Count)> Expected(IEnumerable<Symptom> symptoms, Func<Symptom, string?[]> keys) =>
        symptoms
            .GroupBy(s => string.Join("\u0001", keys(s).Select(k => k ?? "\u0000null")))
            .Select(g => (Keys: keys(g.First()), Count: (long)g.Count()))
            .OrderByDescending(g => g.Count)
            .ToList();

    private static void AssertGroups(IEnumerable<Symptom> symptoms, Func<Symptom, string?[]> keys, AggregateResult result)
    {
        var expected = Expected(symptoms, keys);
        var actual = result.Rows.Select(r => (Keys: r.Keys.ToArray(), r.Count)).ToList();

        // Same groups with the same counts...
        Assert.Equal(
            expected.Select(Describe).Order(StringComparer.Ordinal),
            actual.Select(Describe).Order(StringComparer.Ordinal));

        // ...largest first.
        Assert.Equal(actual.Select(a => a.Count).OrderDescending(), actual.Select(a => a.Count));
    }

    private static string Describe((string?[] Keys, long Count) group) =>
        string.Join(" | ", group.Keys.Select(k => k ?? "<null>")) + " = " + group.Count.ToString(CultureInfo.InvariantCulture);
}
