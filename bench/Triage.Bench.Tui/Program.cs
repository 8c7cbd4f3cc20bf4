using System.Diagnostics;
using System.Globalization;
using Terminal.Gui.App;
using Terminal.Gui.Time;
using Triage.Hypotheses;
using Triage.Storage;
using Triage.Storage.Embedded;
using Triage.Symptoms;
using Triage.Tui;
using Triage.Tui.ViewModels;
using Triage.Tui.Views;

// First frame of the TUI on a large store: HYPOTHESES hypotheses (each with two root symptoms by id
// and one collateral claim) over SYMPTOMS symptoms in one run. Generates the store once (cached),
// then, in this process, times: open the store, create the application on Terminal.Gui's ANSI driver
// (in memory, 120x40), load hypotheses, votes, decisions and attribution, lay out and draw. The
// first measurement includes JIT (as a real start does); the next ones are warm.
// Usage: dotnet run -c Release --project bench/Triage.Bench.Tui -- [HYPOTHESES=10000] [SYMPTOMS=1000000] [WORK_DIR]
var hypotheses = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var target = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var work = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "triage-bench-tui");
var dbPath = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"{hypotheses}-{target}"), "store.db");
var t0 = new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero);
const string Run = "bench";
const int Hosts = 2048;
const int Kinds = 64;

if (!File.Exists(dbPath))
{
    var generate = Stopwatch.StartNew();
    await using var store = await SqliteSymptomStore.OpenAsync(dbPath, TimeProvider.System);
    var batch = new List<Symptom>(10_000);
    for (var n = 0; n < target; n++)
    {
        batch.Add(new Symptom
        {
            Id = "s-" + n.ToString("x8", CultureInfo.InvariantCulture),
            Run = Run,
            Timestamp = t0.AddMilliseconds(n * 21.6),
            Host = "node-" + (n % Hosts).ToString("0000", CultureInfo.InvariantCulture),
            Rank = n % (Hosts * 8),
            Kind = "kind." + (n % Kinds).ToString(CultureInfo.InvariantCulture),
            Category = (SymptomCategory)(1 + (n % 6)),
            Severity = Severity.Error,
            Signature = "sig-" + (n % 997).ToString(CultureInfo.InvariantCulture),
            Message = "[rank" + (n % 16).ToString(CultureInfo.InvariantCulture) + "]: Watchdog caught collective operation timeout: WorkNCCL(SeqNum=" + n.ToString(CultureInfo.InvariantCulture) + ")",
            Source = new SymptomSource("node-" + (n % Hosts).ToString("0000", CultureInfo.InvariantCulture) + "/train.log", n / Hosts, n * 120L),
            Rule = "rule.bench",
        });
        if (batch.Count == batch.Capacity)
        {
            await store.AppendAsync(batch);
            batch.Clear();
        }
    }

    await store.AppendAsync(batch);
    var byId = new Dictionary<string, (string, AttributionRole)>(StringComparer.Ordinal);
    var claims = new List<AttributionClaim>();
    var list = new List<Hypothesis>();
    for (var i = 0; i < hypotheses; i++)
    {
        var id = "h-" + i.ToString("x6", CultureInfo.InvariantCulture);
        var host = "node-" + (i % Hosts).ToString("0000", CultureInfo.InvariantCulture);
        var kind = "kind." + (i % Kinds).ToString(CultureInfo.InvariantCulture);
        byId["s-" + (i * 2 % target).ToString("x8", CultureInfo.InvariantCulture)] = (id, AttributionRole.Root);
        byId["s-" + ((i * 2 + 1) % target).ToString("x8", CultureInfo.InvariantCulture)] = (id, AttributionRole.Root);
        claims.Add(new AttributionClaim(id, AttributionRole.Collateral, new SymptomFilter { Run = Run, Kinds = [kind], Hosts = [host] }));
        list.Add(new Hypothesis
        {
            Id = id,
            Rank = i + 1,
            Title = $"Fault on host={host}: {kind} and collective timeouts",
            Category = (SymptomCategory)(1 + (i % 6)),
            Factors = [new Factor("host", host)],
            Score = 1.0 / (1 + (i / 100.0)),
            Explains = new HypothesisExplains(target / hypotheses, 1.0 / hypotheses, [kind, "nccl.timeout"], 1, 8, 2),
            FirstSeen = t0.AddSeconds(i),
            Evidence = ["2 first failures on the host, likelihood ratio 12.5", "the host's share of the job is 0.05%"],
            CounterEvidence = ["1 first failure elsewhere"],
            NextCheck = "dmesg on " + host,
        });
    }

    await store.SaveAnalysisAsync(new Analysis(Run, target, list, 0, new Attribution(byId, claims), t0.AddHours(7)));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {target:N0} symptoms and {hypotheses:N0} hypotheses in {generate.Elapsed.TotalSeconds:0.0} s: {dbPath}"));
}

if (Environment.GetEnvironmentVariable("TRIAGE_BENCH_PARTS") == "1")
{
    await using var store = await SqliteSymptomStore.OpenAsync(dbPath, TimeProvider.System);
    for (var i = 0; i < 2; i++)
    {
        var w = Stopwatch.StartNew();
        var hs = await store.GetHypothesesAsync(Run);
        var a = w.Elapsed.TotalMilliseconds;
        await store.GetVotesAsync(Run);
        await store.GetReviewsAsync(Run);
        var b = w.Elapsed.TotalMilliseconds;
        await store.GetAttributionAsync(Run);
        var c = w.Elapsed.TotalMilliseconds;
        var list = new HypothesesViewModel("bench", false);
        list.Apply(await StoreSnapshot.LoadAsync(store, Run, CancellationToken.None));
        var d = w.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hypotheses {a:0} ms, votes+reviews {b - a:0}, attribution (not on the first frame) {c - b:0}, snapshot+apply {d - c:0} ({hs.Count})"));
    }
}

for (var attempt = 1; attempt <= 3; attempt++)
{
    var watch = Stopwatch.StartNew();
    await using var store = await SqliteSymptomStore.OpenAsync(dbPath, TimeProvider.System);
    var session = new TuiSession(store, Run, "bench");
    using var app = Application.Create(new VirtualTimeProvider());
    app.Init("ansi");
    app.Driver!.SetScreenSize(120, 40);
    var vm = new TuiViewModel(session);
    using var window = new TriageWindow(app, vm, session, background: true);
    var token = app.Begin(window)!;

    // What Start() does on the UI thread once the store has answered: apply the load, draw.
    (await vm.Refresh()(CancellationToken.None))();
    window.Render();
    app.LayoutAndDraw(true);
    var firstFrame = watch.Elapsed;
    var screen = app.Driver.ToString() ?? string.Empty;

    // The details pane (timeline, collateral) loads after the first frame, in the background.
    var detailsWatch = Stopwatch.StartNew();
    if (vm.LoadDetails(64) is { } load)
    {
        (await load(CancellationToken.None))();
    }

    var details = detailsWatch.Elapsed;
    var ok = screen.Contains(string.Create(CultureInfo.InvariantCulture, $"{hypotheses}/{hypotheses} hypotheses"), StringComparison.Ordinal) && screen.Contains("▶   #1", StringComparison.Ordinal);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"attempt {attempt}: first frame {firstFrame.TotalMilliseconds:0} ms (list of {vm.List.Visible.Count:N0} drawn: {ok}); then the details of #1 (timeline, collateral) in {details.TotalMilliseconds:0} ms"));
    app.End(token);
}
