using System.Diagnostics;
using System.Globalization;
using Triage.Collectors.Mining;
using Triage.Collectors.Mining.Evaluation;

// Template miner alone, one thread: messages/s on the Loghub-2k messages (header already removed),
// the 16,000 messages of the 8 systems cycled until TOTAL messages (default 4,000,000) are mined.
// Usage: dotnet run -c Release --project bench/Triage.Bench.Miner -- [TOTAL] [LOGHUB_DIR]
//        dotnet run -c Release --project bench/Triage.Bench.Miner -- --loso [LOGHUB_DIR]   (accuracy: all systems and leave one system out)
//        dotnet run -c Release --project bench/Triage.Bench.Miner -- --stress   (worst first pass: 200,000 new messages, evicting)
if (args.Length > 0 && args[0] == "--stress")
{
    return Triage.Bench.Miner.StressRun.Run();
}

if (args.Length > 0 && args[0] == "--loso")
{
    return Triage.Bench.Miner.LosoTables.Run(args.Length > 1 ? args[1] : Path.Combine(FindRepo(), "tests", "data", "loghub-2k"));
}

//        dotnet run -c Release --project bench/Triage.Bench.Miner -- --dump OUT_DIR [LOGHUB_DIR [DISTINCT CONSTANTS]]   (each system's messages with their corrected template, tab-separated)
if (args.Length > 1 && args[0] == "--dump")
{
    var from = args.Length > 2 ? args[2] : Path.Combine(FindRepo(), "tests", "data", "loghub-2k");
    Directory.CreateDirectory(args[1]);
    foreach (var system in LoghubEvaluator.FindSystems(from))
    {
        var content = LoghubEvaluator.ReadContent(from, system);
        var mined = LoghubEvaluator.Mine(content, args.Length > 4
            ? TemplateMinerOptions.Default with { MinDistinctValues = int.Parse(args[3], CultureInfo.InvariantCulture), MinConstantTokens = int.Parse(args[4], CultureInfo.InvariantCulture) }
            : null);
        File.WriteAllLines(Path.Combine(args[1], system + ".tsv"), content.Select((m, i) => TemplateCorrector.Correct(mined[i]) + "\t" + m));
    }

    return 0;
}

var total = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 4_000_000;
var dir = args.Length > 1 ? args[1] : Path.Combine(FindRepo(), "tests", "data", "loghub-2k");
var systems = LoghubEvaluator.FindSystems(dir);
if (systems.Count == 0)
{
    Console.Error.WriteLine($"no Loghub systems under {dir}");
    return 2;
}

var messages = systems.SelectMany(s => LoghubEvaluator.ReadContent(dir, s)).ToArray();
var chars = messages.Sum(m => (long)m.Length);
Console.WriteLine($"input: {messages.Length:N0} messages from {systems.Count} systems, mean {chars / (double)messages.Length:0} chars; {Environment.ProcessorCount} cores visible, miner is single-threaded");

// First sight of every message (cluster creation, consolidation) apart from the steady state.
var first = Stopwatch.StartNew();
var miner = new TemplateMiner();
foreach (var m in messages)
{
    miner.Add(m);
}

first.Stop();
Console.WriteLine($"first pass (all new): {messages.Length / first.Elapsed.TotalSeconds:N0} messages/s, {miner.ClusterCount:N0} clusters");

for (var round = 0; round < 3; round++)
{
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    long n = 0;
    while (n < total)
    {
        foreach (var m in messages)
        {
            miner.Add(m);
        }

        n += messages.Length;
    }

    watch.Stop();
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    // On a loaded machine wall time includes waiting for a core; CPU time is what one core costs.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round + 1}: {n:N0} messages in {watch.Elapsed.TotalSeconds:0.00} s wall = {n / watch.Elapsed.TotalSeconds / 1e6:0.00} M/s; {cpu:0.00} s CPU = {n / cpu / 1e6:0.00} M/s per core-second; {chars * (n / messages.Length) / cpu / 1e6:0} MB/s of text per core"));
}

Console.WriteLine($"clusters kept: {miner.ClusterCount:N0}; templates: {miner.Templates().Count:N0}; managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1e6:0.0} MB");
return 0;

static string FindRepo()
{
    var dir = AppContext.BaseDirectory;
    while (dir is not null && !File.Exists(Path.Combine(dir, "Triage.sln")))
    {
        dir = Path.GetDirectoryName(dir);
    }

    return dir ?? Directory.GetCurrentDirectory();
}
