using Triage.Symptoms;

namespace Triage.Storage.Embedded.Tests;

public sealed class SqliteSymptomStoreQueryTests : IAsyncLifetime
{
    private static readonly Symptom[] Data = [.. TestSymptoms.Range(0, 300), .. TestSymptoms.Range(0, 50, run: "run-b")];

    private TempStore _temp = null!;

    /// <summary>Each filter property alone and some combinations, with the expected result computed by LINQ.</summary>
    public static TheoryData<string> FilterCases => new(Cases.Keys);

    private static Dictionary<string, (SymptomFilter Filter, Func<Symptom, bool> Expected)> Cases { get; } = new()
    {
        ["all"] = (SymptomFilter.All, _ => true),
        ["run"] = (new() { Run = "run-b" }, s => s.Run == "run-b"),
        ["from"] = (new() { From = TestSymptoms.T0.AddSeconds(40) }, s => s.Timestamp >= TestSymptoms.T0.AddSeconds(40)),
        ["to"] = (new() { To = TestSymptoms.T0.AddSeconds(40) }, s => s.Timestamp < TestSymptoms.T0.AddSeconds(40)),
        ["kinds one"] = (new() { Kinds = ["gpu.xid"] }, s => s.Kind == "gpu.xid"),
        ["kinds two"] = (new() { Kinds = ["gpu.xid", "train.nan", "not.there"] }, s => s.Kind is "gpu.xid" or "train.nan"),
        ["categories"] = (new() { Categories = [SymptomCategory.Hardware, SymptomCategory.Data] }, s => s.Category is SymptomCategory.Hardware or SymptomCategory.Data),
        ["hosts"] = (new() { Hosts = ["node-001", "node-003"] }, s => s.Host is "node-001" or "node-003"),
        ["ranks"] = (new() { Ranks = [0, 5, 15] }, s => s.Rank is 0 or 5 or 15),
        ["signatures"] = (new() { Signatures = ["sig-2"] }, s => s.Signature == "sig-2"),
        ["min severity"] = (new() { MinSeverity = Severity.Error }, s => s.Severity >= Severity.Error),
        ["min severity info"] = (new() { MinSeverity = Severity.Info }, _ => true),
        ["text"] = (new() { Text = "NUMBER 12" }, s => s.Message.Contains("number 12", StringComparison.Ordinal)),
        ["attrs one"] = (new() { Attrs = new Dictionary<string, string> { ["data_shard"] = "web-0001" } }, s => s.Attrs.GetValueOrDefault("data_shard") == "web-0001"),
        ["attrs two"] = (
            new() { Attrs = new Dictionary<string, string> { ["data_shard"] = "web-0002", ["step"] = "50" } },
            s => s.Attrs.GetValueOrDefault("data_shard") == "web-0002" && s.Attrs.GetValueOrDefault("step") == "50"),
        ["attrs missing"] = (new() { Attrs = new Dictionary<string, string> { ["nope"] = "web-0001" } }, _ => false),
        ["combined"] = (
            new()
            {
                Run = "run-a",
                From = TestSymptoms.T0.AddSeconds(10),
                To = TestSymptoms.T0.AddSeconds(90),
                Kinds = ["nccl.timeout", "train.nan"],
                Hosts = ["node-001", "node-002", "node-004"],
                MinSeverity = Severity.Warning,
                Text = "watchdog",
                Attrs = new Dictionary<string, string> { ["data_shard"] = "web-0000" },
            },
            s => s.Run == "run-a" && s.Timestamp >= TestSymptoms.T0.AddSeconds(10) && s.Timestamp < TestSymptoms.T0.AddSeconds(90)
                && s.Kind is "nccl.timeout" or "train.nan" && s.Host is "node-001" or "node-002" or "node-004"
                && s.Severity >= Severity.Warning && s.Attrs.GetValueOrDefault("data_shard") == "web-0000"),
    };

    public async Task InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        await _temp.Store.AppendAsync(Data);
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task QueryAsync_Filter_ReturnsExactlyTheMatchingSymptomsInOrder(string name)
    {
        var (filter, expected) = Cases[name];
        var expectedIds = Data.Where(expected).InStoreOrder().Select(s => s.Id).ToArray();

        var actual = await QueryAllAsync(_temp.Store, filter, pageSize: 37);
        var count = await _temp.Store.CountAsync(filter);

        Assert.Equal(expectedIds, actual.Select(s => s.Id));
        Assert.Equal(expectedIds.Length, count);
        Assert.True(name is "attrs missing" || expectedIds.Length > 0, "the case should match something");
    }

    [Fact]
    public async Task QueryAsync_PagesOf100Over2500Symptoms_ReturnEachOnceInOrder()
    {
        await using var temp = await TempStore.CreateAsync();
        var symptoms = TestSymptoms.Range(0, 2500, run: "paged");
        await temp.Store.AppendAsync(symptoms);
        var filter = new SymptomFilter { Run = "paged" };

        var pages = new List<SymptomPage>();
        string? cursor = null;
        do
        {
            var page = await temp.Store.QueryAsync(filter, new SymptomPageRequest { Size = 100, Cursor = cursor });
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(25, pages.Count);
        Assert.All(pages, p => Assert.Equal(100, p.Items.Count));
        Assert.Equal(symptoms.InStoreOrder().Select(s => s.Id), pages.SelectMany(p => p.Items).Select(s => s.Id));
    }

    [Fact]
    public async Task QueryAsync_EmptyResult_ReturnsNoItemsAndNoCursor()
    {
        var page = await _temp.Store.QueryAsync(new SymptomFilter { Run = "nothing" }, new SymptomPageRequest());

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Theory]
    [InlineData("not base64 !!")]
    [InlineData("MnxhYmN8ZGVm")]
    [InlineData("MXx4eXp8cy0x")]
    [InlineData("")]
    public async Task QueryAsync_MalformedCursor_ThrowsUsageError(string cursor)
    {
        var error = await Assert.ThrowsAsync<TriageException>(
            () => _temp.Store.QueryAsync(SymptomFilter.All, new SymptomPageRequest { Cursor = cursor }));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SymptomPageRequest.MaxSize + 1)]
    public async Task QueryAsync_PageSizeOutOfRange_ThrowsArgumentOutOfRange(int size)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _temp.Store.QueryAsync(SymptomFilter.All, new SymptomPageRequest { Size = size }));
    }

    [Theory]
    [InlineData("100%", new[] { "t-percent" })]
    [InlineData("%", new[] { "t-percent" })]
    [InlineData("a_b", new[] { "t-underscore" })]
    [InlineData("_", new[] { "t-underscore" })]
    [InlineData("it's \"quoted\"", new[] { "t-quotes" })]
    [InlineData("'; DROP TABLE symptoms; --", new[] { "t-injection" })]
    [InlineData("ärger", new[] { "t-unicode" })]
    [InlineData("ÄRGER MIT ΣΊΣΥΦΟΣ", new[] { "t-unicode" })]
    [InlineData("🔥", new[] { "t-unicode" })]
    [InlineData("nul\0inside", new[] { "t-nul" })]
    [InlineData("\\", new[] { "t-backslash" })]
    [InlineData("no such text", new string[0])]
    public async Task QueryAsync_TextWithSpecialCharacters_IsALiteralCaseInsensitiveSubstring(string text, string[] expected)
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.AppendAsync(
        [
            WithMessage("t-percent", "disk 100% full"),
            WithMessage("t-underscore", "var a_b undefined"),
            WithMessage("t-quotes", "it's \"quoted\" here"),
            WithMessage("t-injection", "user typed '; DROP TABLE symptoms; -- in a log"),
            WithMessage("t-unicode", "Ärger mit σίσυφος 🔥"),
            WithMessage("t-nul", "nul\0inside a line"),
            WithMessage("t-backslash", @"C:\path"),
            WithMessage("t-plain", "ab 100 percent full, var ab"),
        ]);

        var page = await temp.Store.QueryAsync(new SymptomFilter { Text = text }, new SymptomPageRequest());

        Assert.Equal(expected.Order(StringComparer.Ordinal), page.Items.Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("data.shard", "a")]
    [InlineData("data-shard", "b")]
    [InlineData("with \"quotes\"", "c")]
    [InlineData("back\\slash", "d")]
    [InlineData("ümlaut", "e")]
    [InlineData("$", "f")]
    [InlineData("[0]", "g")]
    [InlineData("tab\there", "h")]
    [InlineData(@"\u0000", "i")]
    public async Task QueryAsync_AttrNamesWithPunctuation_MatchOnlyThatAttribute(string name, string id)
    {
        await using var temp = await TempStore.CreateAsync();
        string[] names = ["data.shard", "data-shard", "with \"quotes\"", "back\\slash", "ümlaut", "$", "[0]", "tab\there", @"\u0000"];
        string[] ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        var symptoms = names.Select((n, i) => TestSymptoms.Make(i) with { Id = ids[i], Attrs = new Dictionary<string, string> { [n] = "v" } }).ToList();
        symptoms.Add(TestSymptoms.Make(99) with { Id = "nested", Attrs = new Dictionary<string, string> { ["data"] = "{\"shard\":\"v\"}" } });
        await temp.Store.AppendAsync(symptoms);

        var page = await temp.Store.QueryAsync(
            new SymptomFilter { Attrs = new Dictionary<string, string> { [name] = "v" } }, new SymptomPageRequest());

        Assert.Equal(id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task QueryAsync_AttrNameWithNul_MatchesItselfButNotItsPrefix()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.AppendAsync(
        [
            TestSymptoms.Make(1) with { Id = "plain", Attrs = new Dictionary<string, string> { ["a"] = "v" } },
            TestSymptoms.Make(2) with { Id = "nul", Attrs = new Dictionary<string, string> { ["a\0b"] = "v" } },
        ]);

        var byPlain = await temp.Store.QueryAsync(new SymptomFilter { Attrs = new Dictionary<string, string> { ["a"] = "v" } }, new SymptomPageRequest());
        var byNul = await temp.Store.QueryAsync(new SymptomFilter { Attrs = new Dictionary<string, string> { ["a\0b"] = "v" } }, new SymptomPageRequest());

        Assert.Equal("plain", Assert.Single(byPlain.Items).Id);
        Assert.Equal("nul", Assert.Single(byNul.Items).Id);
        Assert.Equal("a\uFFFDb", Assert.Single(byNul.Items[0].Attrs).Key);
    }

    private static Symptom WithMessage(string id, string message) => TestSymptoms.Make(1) with { Id = id, Message = message };

    private static async Task<List<Symptom>> QueryAllAsync(ISymptomStore store, SymptomFilter filter, int pageSize)
    {
        var all = new List<Symptom>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync(filter, new SymptomPageRequest { Size = pageSize, Cursor = cursor });
            Assert.True(page.Items.Count <= pageSize);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }
}
