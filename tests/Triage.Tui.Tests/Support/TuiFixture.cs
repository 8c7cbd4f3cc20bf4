using Microsoft.Extensions.Time.Testing;
using Triage.Hypotheses;
using Triage.Storage;
using Triage.Storage.Embedded;
using Triage.Symptoms;

namespace Triage.Tui.Tests.Support;

/// <summary>
/// A real embedded store in a temp directory with one analysed run ("run-a": three hypotheses,
/// their symptoms and attribution) and the run directory with the log file the symptoms point
/// into (one line carries escape sequences and a bell, as hostile log text would).
/// </summary>
internal sealed class TuiFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 5, 2, 3, 0, 0, TimeSpan.Zero);

    private TuiFixture(string directory, SqliteSymptomStore store)
    {
        Directory = directory;
        Store = store;
    }

    public string Directory { get; }

    public string RunDirectory => Path.Combine(Directory, "run-a");

    public string StorePath => Path.Combine(Directory, "store.db");

    public SqliteSymptomStore Store { get; }

    public FakeTimeProvider Clock { get; } = new(T0.AddHours(5));

    public static async Task<TuiFixture> CreateAsync(bool analysed = true)
    {
        var directory = Path.Combine(Path.GetTempPath(), "triage-tui-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "run-a", "node-017"));
        var kern = Enumerable.Range(1, 12).Select(i => $"kern line {i}").ToArray();
        kern[2] = "NVRM: Xid (PCI:0000:3b:00): 79, \u001b[31mGPU has fallen off the bus\u001b[0m\u0007 \u001b]0;pwned\u0007done";
        kern[6] = "NVRM: Xid (PCI:0000:3b:00): 79, pid=4411, GPU has fallen off the bus.";
        await File.WriteAllLinesAsync(Path.Combine(directory, "run-a", "node-017", "kern.log"), kern);
        var store = await SqliteSymptomStore.OpenAsync(Path.Combine(directory, "store.db"), TimeProvider.System);
        var fixture = new TuiFixture(directory, store);
        await store.AppendAsync(Symptoms);
        if (analysed)
        {
            await store.SaveAnalysisAsync(Analysis);
        }

        return fixture;
    }

    public TuiSession Session(string user = "alice", bool blind = false) =>
        new(Store, "run-a", user) { RunDirectory = RunDirectory, Time = Clock, Blind = blind, RefreshInterval = TimeSpan.FromSeconds(2) };

    public static IReadOnlyList<Symptom> Symptoms { get; } =
    [
        Make("s-xid-1", "gpu.xid", SymptomCategory.Hardware, "node-017", 17, T0.AddMinutes(10), "node-017/kern.log", 3, "NVRM: Xid 79, GPU has fallen off the bus"),
        Make("s-xid-2", "gpu.xid", SymptomCategory.Hardware, "node-017", 18, T0.AddMinutes(11), "node-017/kern.log", 7, "NVRM: Xid 79, GPU has fallen off the bus."),
        Make("s-to-1", "nccl.timeout", SymptomCategory.Network, "node-001", 1, T0.AddMinutes(20), "node-001/train.log", 40, "Watchdog caught collective operation timeout"),
        Make("s-to-2", "nccl.timeout", SymptomCategory.Network, "node-002", 9, T0.AddMinutes(21), "node-002/train.log", 41, "Watchdog caught collective operation timeout"),
        Make("s-to-3", "nccl.timeout", SymptomCategory.Network, "node-001", 2, T0.AddMinutes(22), "node-001/train.log", 52, "Watchdog caught collective operation timeout"),
        Make("s-ib-1", "net.ib_link", SymptomCategory.Network, "node-004", 33, T0.AddMinutes(2), "node-004/ib.log", 5, "mlx5_core: link down"),
        Make("s-py-1", "py.exception", SymptomCategory.Software, "node-009", 70, T0.AddMinutes(30), "node-009/train.log", 9, "ValueError: bad shape"),
    ];

    public static Analysis Analysis { get; } = new(
        "run-a",
        7,
        [
            Hypothesis("h-aaa111", 1, 0.91, SymptomCategory.Hardware, "GPU fell off the bus on host=node-017", [new Factor("host", "node-017")], ["gpu.xid", "nccl.timeout"], 5, 2, T0.AddMinutes(10)),
            Hypothesis("h-bbb222", 2, 0.62, SymptomCategory.Network, "Network fault at host=node-004: InfiniBand link errors", [new Factor("host", "node-004")], ["net.ib_link"], 1, 1, T0.AddMinutes(2)),
            Hypothesis("h-ccc333", 3, 0.20, SymptomCategory.Software, "Software fault with no concentrating factor: ValueError", [], ["py.exception"], 1, 1, null),
        ],
        0,
        new Attribution(
            new Dictionary<string, (string, AttributionRole)>
            {
                ["s-xid-1"] = ("h-aaa111", AttributionRole.Root),
                ["s-xid-2"] = ("h-aaa111", AttributionRole.Root),
                ["s-ib-1"] = ("h-bbb222", AttributionRole.Root),
                ["s-py-1"] = ("h-ccc333", AttributionRole.Root),
            },
            [new AttributionClaim("h-aaa111", AttributionRole.Collateral, new SymptomFilter { Run = "run-a", Kinds = ["nccl.timeout"], From = T0.AddMinutes(10), To = T0.AddHours(1) })]),
        T0.AddHours(1));

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static Hypothesis Hypothesis(
        string id, int rank, double score, SymptomCategory category, string title, Factor[] factors, string[] kinds, long symptoms, long roots, DateTimeOffset? firstSeen) => new()
    {
        Id = id,
        Rank = rank,
        Title = title,
        Category = category,
        Factors = factors,
        Score = score,
        Explains = new HypothesisExplains(symptoms, symptoms / 7.0, kinds, 1, (int)symptoms, roots),
        FirstSeen = firstSeen,
        Evidence = [$"{roots} first failures on the blamed factor, likelihood ratio {score * 10:0.0}"],
        CounterEvidence = rank == 1 ? [] : ["2 first failures elsewhere"],
        NextCheck = $"check {title.Split(' ')[0]}",
    };

    private static Symptom Make(string id, string kind, SymptomCategory category, string host, int rank, DateTimeOffset at, string path, long line, string message) => new()
    {
        Id = id,
        Run = "run-a",
        Timestamp = at,
        Host = host,
        Rank = rank,
        Kind = kind,
        Category = category,
        Severity = Severity.Error,
        Signature = kind,
        Message = message,
        Source = new SymptomSource(path, line, line * 80),
        Rule = "rule.test",
    };
}
