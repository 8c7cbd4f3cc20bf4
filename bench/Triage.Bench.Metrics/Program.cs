using System.Diagnostics;
using System.Globalization;
using Triage.Bench.Metrics;

// dotnet run -c Release --project bench/Triage.Bench.Metrics -- detect [FILES] [STEPS]
// dotnet run -c Release --project bench/Triage.Bench.Metrics -- throughput [STEPS] [RANKS]
var mode = args.Length > 0 ? args[0] : "detect";
var work = Path.Combine(Path.GetTempPath(), "triage-bench-metrics");
Directory.CreateDirectory(work);
var inv = CultureInfo.InvariantCulture;
if (mode == "throughput")
{
    var steps = args.Length > 1 ? long.Parse(args[1], inv) : 40_000;
    var ranks = args.Length > 2 ? int.Parse(args[2], inv) : 64;
    var path = Path.Combine(work, string.Create(inv, $"ranks-{steps}x{ranks}.jsonl"));
    if (!File.Exists(path))
    {
        Throughput.Generate(path, steps, ranks);
    }

    for (var run = 0; run < 3; run++)
    {
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (rows, symptoms) = await Throughput.ExtractAsync(path).ConfigureAwait(false);
        watch.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(inv,
            $"run {run + 1}: {rows:N0} rows ({new FileInfo(path).Length / 1e6:0} MB) in {watch.Elapsed.TotalSeconds:0.00} s wall, {used.TotalSeconds:0.00} s CPU: {rows / watch.Elapsed.TotalSeconds / 1e6:0.00} M rows/s wall, {rows / used.TotalSeconds / 1e6:0.00} M rows/s per CPU second; {symptoms} symptoms; peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB"));
    }

    return 0;
}

var files = args.Length > 1 ? int.Parse(args[1], inv) : 10;
var perFile = args.Length > 2 ? long.Parse(args[2], inv) : 100_000;
await Detection.RunAsync(work, files, perFile).ConfigureAwait(false);
return 0;
