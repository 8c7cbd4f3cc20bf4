using System.Diagnostics;
using System.Globalization;
using Terminal.Gui.App;
using Terminal.Gui.Time;
using Triage.Bench.Tui;
using Triage.Hypotheses;
using Triage.Storage;
using Triage.Storage.Embedded;
using Triage.Symptoms;
using Triage.Tui;
using Triage.Tui.ViewModels;
using Triage.Tui.Views;

// First frame of the TUI on a large store: HYPOTHESES hypotheses (each with two root symptoms by id
// and one collateral claim) over SYMPTOMS symptoms in one run. Generates the store once (cached).
// Cold (what a user sees): starts the real `triage tui` RUNS times as a new process in a 120x40 tmux
// pane and times spawn -> first frame drawn with the list loaded. The binary is the README's on-call
// install (`dotnet publish src/Triage.Cli -c Release -r linux-x64 --self-contained
// -p:PublishReadyToRunComposite=true`), made into WORK_DIR/triage unless --binary names one. Warm: in this process, three times, open the store, create the
// application on Terminal.Gui's in-memory ANSI driver at 120x40, load the first page, lay out, draw.
// Usage: dotnet run -c Release --project bench/Triage.Bench.Tui -- [HYPOTHESES=10000] [SYMPTOMS=1000000] [--runs 7] [--binary PATH] [--work DIR]
var positional = new List<string>();
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i]] = args[++i];
    }
    else
    {
        positional.Add(args[i]);
    }
}

var hypotheses = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
var target = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 1_000_000;
var runs = options.TryGetValue("--runs", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 7;
var work = options.GetValueOrDefault("--work") ?? Path.Combine(Path.GetTempPath(), "triage-bench-tui");
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

var binary = options.GetValueOrDefault("--binary") ?? Publish.Cli(Path.Combine(work, "triage"));
Console.WriteLine($"cold: {runs} new processes of {binary} (OS page cache warm: the store was read before)");
var cold = new List<ColdStart.Result>();
using (var starts = new ColdStart(binary, dbPath, Run))
{
    for (var i = 0; i < runs; i++)
    {
        var result = starts.Measure(Path.Combine(work, "trace.txt"), TimeSpan.FromSeconds(60));
        var drawn = result.Screen.Contains(string.Create(CultureInfo.InvariantCulture, $"{hypotheses} hypotheses"), StringComparison.Ordinal) && result.Screen.Contains("▶   #1", StringComparison.Ordinal);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  start {i + 1}: first frame {result.FirstFrameMs:0} ms (CPU {result.CpuMs:0} ms, {result.Jitted} methods jitted, list drawn: {drawn}) | {string.Join(' ', result.Phases.Select(p => $"{p.Phase} {p.Ms:0}"))}"));
        if (!drawn)
        {
            Console.WriteLine(result.Screen);
        }

        cold.Add(result);
        Thread.Sleep(300);
    }
}

var warm = new List<double>();
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

    // What Start() does on the UI thread once the store has answered: apply the first page, draw.
    (await vm.Refresh(TriageWindow.FirstPage)(CancellationToken.None))();
    window.Render();
    app.LayoutAndDraw(true);
    var firstFrame = watch.Elapsed;
    var screen = app.Driver.ToString() ?? string.Empty;

    // Then, in the background: the rest of the hypotheses, the details of #1 (timeline, collateral).
    var restWatch = Stopwatch.StartNew();
    (await vm.Refresh()(CancellationToken.None))();
    var rest = restWatch.Elapsed;
    if (vm.LoadDetails(64) is { } load)
    {
        (await load(CancellationToken.None))();
    }

    var details = restWatch.Elapsed - rest;
    var ok = screen.Contains(string.Create(CultureInfo.InvariantCulture, $"{hypotheses} hypotheses"), StringComparison.Ordinal) && screen.Contains("▶   #1", StringComparison.Ordinal);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"in-process attempt {attempt}: first frame {firstFrame.TotalMilliseconds:0} ms (list drawn: {ok}); then all {vm.List.Visible.Count:N0} hypotheses in {rest.TotalMilliseconds:0} ms, the details of #1 (timeline, collateral) in {details.TotalMilliseconds:0} ms"));
    if (attempt > 1)
    {
        warm.Add(firstFrame.TotalMilliseconds);
    }

    app.End(token);
}

var frames = cold.Select(c => c.FirstFrameMs).Order().ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"cold first frame (new process, {frames.Count} starts): median {frames[frames.Count / 2]:0} ms, max {frames[^1]:0} ms, min {frames[0]:0} ms; CPU median {cold.Select(c => c.CpuMs).Order().ElementAt(cold.Count / 2):0} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm first frame (in process, attempts 2-3): {string.Join(", ", warm.Select(w => w.ToString("0", CultureInfo.InvariantCulture)))} ms"));
Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
