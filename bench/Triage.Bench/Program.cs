using System.Diagnostics;
using System.Globalization;
using Triage.Bench;
using Triage.Collectors.Collection;
using Triage.Collectors.Extraction;
using Triage.Rules;
using Triage.Storage.Embedded;

// Extraction + store vs ripgrep on the same generated log and the same literal set.
// Usage: dotnet run -c Release --project bench/Triage.Bench -- [SIZE_MB=1024] [FAILURE_SHARE=0.02] [WORK_DIR] [RULES_DIR]
var sizeMb = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var share = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.02;
var work = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "triage-bench");
var repo = FindRepo();
var rules = RuleSet.LoadDirectory(args.Length > 3 ? args[3] : Path.Combine(repo, "rules"));
var runDir = Path.Combine(work, "run");
var log = Path.Combine(runDir, "node-000", "train.log");
Directory.CreateDirectory(Path.GetDirectoryName(log)!);

if (!File.Exists(log) || new FileInfo(log).Length < sizeMb * 1_000_000L * 0.99)
{
    Console.WriteLine($"generating {sizeMb} MB log ({share:P1} failure lines) at {log} ...");
    LogGenerator.Write(log, sizeMb * 1_000_000L, share, seed: 42);
}

var bytes = new FileInfo(log).Length;
Console.WriteLine($"input: {bytes / 1e6:0} MB, {rules.Literals.Count} literals from {rules.Rules.Count} rules; {Environment.ProcessorCount} cores visible (one worker per file)");

// Warm the page cache so both tools read from memory.
using (var warm = File.OpenRead(log))
{
    warm.CopyTo(Stream.Null);
}

// BENCH_ONLY=extract|collect|store: only that step, three times (for a profiler attached from outside).
if (Environment.GetEnvironmentVariable("BENCH_ONLY") is { Length: > 0 } only)
{
    if (only == "store")
    {
        await StoreLoop.RunAsync(log, work, rules);
        return;
    }

    await ProfileLoop.RunAsync(only, log, runDir, work, rules);
    return;
}

var (rgSeconds, rgLines) = RunRipgrep(rules.Literals, log);
var rgPeak = Rusage.ChildrenPeakMiB();
var rgCpu = Rusage.ChildrenCpuSeconds();

// The first pass pays for JIT tiering and for building each triggered rule's regex; report it
// apart from the warm passes (what a long collection or --follow sees).
long extracted = 0;
var cold = Stopwatch.StartNew();
await FileExtraction.ExtractAsync(log, "train.log", rules, (batch, _) => Task.CompletedTask);
cold.Stop();
// Warm: the better of two passes (the first one after the cold pass still pays for JIT tier-up
// of the hot loops; measured up to 1 s of CPU more than the next one on this machine).
var extractOnly = TimeSpan.MaxValue;
var extractCpu = double.MaxValue;
var cpu0 = 0.0;
for (var pass = 0; pass < 2; pass++)
{
    extracted = 0;
    var sw = Stopwatch.StartNew();
    cpu0 = Rusage.SelfCpuSeconds();
    await FileExtraction.ExtractAsync(log, "train.log", rules, (batch, _) => { extracted += batch.Count; return Task.CompletedTask; });
    if (sw.Elapsed < extractOnly)
    {
        (extractOnly, extractCpu) = (sw.Elapsed, Rusage.SelfCpuSeconds() - cpu0);
    }
}


var dbPath = Path.Combine(work, "bench.db");
foreach (var f in Directory.GetFiles(work, "bench.db*"))
{
    File.Delete(f);
}

var collect = Stopwatch.StartNew();
cpu0 = Rusage.SelfCpuSeconds();
CollectResult result;
await using (var store = await SqliteSymptomStore.OpenAsync(dbPath, TimeProvider.System))
{
    result = await new RunCollector(store, rules, TimeProvider.System).CollectAsync(runDir, new CollectOptions { Run = "bench" });
}

collect.Stop();
var collectCpu = Rusage.SelfCpuSeconds() - cpu0;
var selfPeak = Rusage.SelfPeakMiB();

// The same bytes as 8 files of one run: collect with one worker, then with every core.
var run8 = Path.Combine(work, "run8");
SplitOnce(log, run8, 8);
var eight = new List<(int Workers, double Seconds, long Symptoms)>();
foreach (var workers in new[] { 1, Environment.ProcessorCount })
{
    var db8 = Path.Combine(work, "bench8.db");
    foreach (var f in Directory.GetFiles(work, "bench8.db*"))
    {
        File.Delete(f);
    }

    var sw8 = Stopwatch.StartNew();
    await using (var store = await SqliteSymptomStore.OpenAsync(db8, TimeProvider.System))
    {
        var r8 = await new RunCollector(store, rules, TimeProvider.System).CollectAsync(run8, new CollectOptions { Run = "bench8", MaxParallelism = workers });
        eight.Add((workers, sw8.Elapsed.TotalSeconds, r8.SymptomsNew));
    }
}

double Mbps(double seconds) => bytes / 1e6 / seconds;
Console.WriteLine();
Console.WriteLine($"{"",-34} {"seconds",8} {"MB/s",8} {"lines/symptoms",15}");
Console.WriteLine($"{"rg -c (same literals, -j1)",-34} {rgSeconds,8:0.00} {Mbps(rgSeconds),8:0} {rgLines,15}");
Console.WriteLine($"{"triage extract, cold (no store)",-34} {cold.Elapsed.TotalSeconds,8:0.00} {Mbps(cold.Elapsed.TotalSeconds),8:0} {extracted,15}");
Console.WriteLine($"{"triage extract, warm (best of 2)",-34} {extractOnly.TotalSeconds,8:0.00} {Mbps(extractOnly.TotalSeconds),8:0} {extracted,15}");
Console.WriteLine($"{"triage collect (extract + SQLite)",-34} {collect.Elapsed.TotalSeconds,8:0.00} {Mbps(collect.Elapsed.TotalSeconds),8:0} {result.SymptomsNew,15}");
foreach (var (workers, seconds, symptoms) in eight)
{
    Console.WriteLine($"{$"triage collect, 8 files, {workers} worker(s)",-34} {seconds,8:0.00} {Mbps(seconds),8:0} {symptoms,15}");
}

Console.WriteLine();
// On a shared machine wall time follows the load; CPU seconds (user + system, all threads) are steadier.
Console.WriteLine($"cpu seconds: rg {rgCpu:0.00}, extract warm {extractCpu:0.00}, collect {collectCpu:0.00}; rg/triage cpu: extract {rgCpu / extractCpu:0.00}x, collect {rgCpu / collectCpu:0.00}x");
Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"speed vs rg: extract {rgSeconds / extractOnly.TotalSeconds:0.00}x, collect {rgSeconds / collect.Elapsed.TotalSeconds:0.00}x");
Console.WriteLine($"8 files: {eight[^1].Workers} workers {eight[0].Seconds / eight[^1].Seconds:0.00}x one worker");
Console.WriteLine($"peak RSS: triage process {selfPeak:0} MiB (includes the runtime and generator), rg {rgPeak:0} MiB");

static (double Seconds, long Lines) RunRipgrep(IReadOnlyList<string> literals, string file)
{
    var psi = new ProcessStartInfo("rg") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var a in new[] { "-c", "-F", "-j1", "--no-config" })
    {
        psi.ArgumentList.Add(a);
    }

    foreach (var literal in literals)
    {
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add(literal);
    }

    psi.ArgumentList.Add(file);
    var sw = Stopwatch.StartNew();
    using var process = Process.Start(psi) ?? throw new InvalidOperationException("rg not found: apt-get install ripgrep");
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    sw.Stop();
    return (sw.Elapsed.TotalSeconds, long.Parse(output.Trim(), CultureInfo.InvariantCulture));
}

// Splits the log at line boundaries into `parts` files under `dir` (once; kept beside the log).
static void SplitOnce(string log, string dir, int parts)
{
    var size = new FileInfo(log).Length;
    if (Directory.Exists(dir) && Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) == size)
    {
        return;
    }

    if (Directory.Exists(dir))
    {
        Directory.Delete(dir, recursive: true);
    }

    using var input = File.OpenRead(log);
    var buffer = new byte[1 << 16];
    for (var part = 0; part < parts; part++)
    {
        var path = Path.Combine(dir, $"node-{part:000}", "train.log");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var output = File.Create(path);
        var target = part == parts - 1 ? long.MaxValue : size / parts;
        long written = 0;
        int b;
        while (written < target && (b = input.Read(buffer, 0, (int)Math.Min(buffer.Length, target - written))) > 0)
        {
            output.Write(buffer, 0, b);
            written += b;
        }

        // Finish the line so that every file starts at a line boundary.
        while (part < parts - 1 && (b = input.ReadByte()) >= 0)
        {
            output.WriteByte((byte)b);
            if (b == '\n')
            {
                break;
            }
        }
    }
}

static string FindRepo()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Triage.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("run from inside the repository");
}
