using System.Diagnostics;
using System.Globalization;
using Triage.Bench.Metrics;

// dotnet run -c Release --project bench/Triage.Bench.Metrics -- detect [FILES] [STEPS]
// dotnet run -c Release --project bench/Triage.Bench.Metrics -- throughput [STEPS] [RANKS]
// dotnet run -c Release --project bench/Triage.Bench.Metrics -- loglines [ITERATIONS] [OTHER_LINES_PER_ITERATION]
var mode = args.Length > 0 ? args[0] : "detect";
var work = Path.Combine(Path.GetTempPath(), "triage-bench-metrics");
Directory.CreateDirectory(work);
var inv = CultureInfo.InvariantCulture;
if (mode is "throughput" or "loglines")
{
    var logLines = mode == "loglines";
    var steps = args.Length > 1 ? long.Parse(args[1], inv) : logLines ? 200_000 : 40_000;
    var ranks = args.Length > 2 ? int.Parse(args[2], inv) : logLines ? 9 : 64;
    var path = Path.Combine(work, logLines ? string.Create(inv, $"megatron-{steps}x{ranks}.log") : string.Create(inv, $"ranks-{steps}x{ranks}.jsonl"));
    if (!File.Exists(path))
    {
        if (logLines)
        {
            LogLines.Generate(path, steps, ranks);
        }
        else
        {
            Throughput.Generate(path, steps, ranks);
        }
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
