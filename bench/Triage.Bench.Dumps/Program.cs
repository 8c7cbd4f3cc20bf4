using System.Diagnostics;
using System.Globalization;
using Triage.Dumps;

// Crash dump benchmark: per core, Triage's DumpReader.Read (in-process; first read and the median
// of warm reads) against `gdb -batch -ex bt` on the same core, both in one run.
// Usage: dotnet run -c Release --project bench/Triage.Bench.Dumps -- [WORK_DIR] [SIZES_MB...]
var work = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "triage-bench-dumps");
var sizes = args.Length > 1 ? args[1..].Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [1, 50, 200];
Directory.CreateDirectory(work);
var programs = Path.Combine(AppContext.BaseDirectory, "Programs");
Run("bash", work, "-c", $"g++ -g -O1 -fno-omit-frame-pointer -fPIC -shared -o libreduce.so {programs}/reduce.cpp && g++ -g -O1 -fno-omit-frame-pointer -o big {programs}/big.cpp -L. -lreduce -Wl,-rpath,'$ORIGIN' -pthread");
var kernel = File.ReadAllText("/proc/sys/kernel/core_pattern").Trim() == "core";
Console.WriteLine($"cores written by {(kernel ? "the kernel (ulimit -c unlimited)" : "gdb generate-core-file")}; {Environment.ProcessorCount} CPUs");
Console.WriteLine("| core | threads | triage first read | triage warm (median of 5) | gdb -batch -ex bt (median of 3) | gdb / triage warm | same frame #0 |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
var first = true;
foreach (var mb in sizes)
{
    var dir = Path.Combine(work, $"core-{mb}mb");
    Directory.CreateDirectory(dir);
    foreach (var old in Directory.GetFiles(dir, "core*"))
    {
        File.Delete(old);
    }

    var core = Path.Combine(dir, "core");
    if (kernel)
    {
        Run("bash", dir, "-c", $"ulimit -c unlimited; ../big {mb}; true");
        core = Directory.GetFiles(dir, "core*").Single();
    }
    else
    {
        Run("gdb", dir, "-batch", "-nx", "-ex", "run", "-ex", $"generate-core-file {core}", "--args", Path.Combine(work, "big"), mb.ToString(CultureInfo.InvariantCulture));
    }

    var watch = Stopwatch.StartNew();
    var report = DumpReader.Read(core);
    var cold = watch.Elapsed.TotalMilliseconds;
    var warm = Median(5, () => DumpReader.Read(core));
    string gdbOutput = string.Empty;
    var gdb = Median(3, () => gdbOutput = Run("gdb", dir, "-batch", "-nx", "-ex", "bt", Path.Combine(work, "big"), core));
    var same = gdbOutput.Contains("#0  at::native::sum_kernel", StringComparison.Ordinal) && report.Stack[0].Function == "at::native::sum_kernel";
    var size = new FileInfo(core).Length / (1024.0 * 1024.0);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size:F0} MB | {report.ThreadCount} | {cold:F0} ms{(first ? " (incl. JIT)" : "")} | {warm:F1} ms | {gdb:F0} ms | {gdb / warm:F0}× | {(same ? "yes" : "NO")} |"));
    first = false;
}

static double Median(int n, Action action)
{
    var times = new List<double>();
    for (var i = 0; i < n; i++)
    {
        var watch = Stopwatch.StartNew();
        action();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return times[n / 2];
}

static string Run(string file, string directory, params string[] arguments)
{
    var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments)
    {
        start.ArgumentList.Add(a);
    }

    using var process = Process.Start(start)!;
    var error = new System.Text.StringBuilder();
    process.ErrorDataReceived += (_, e) => error.AppendLine(e.Data);
    process.BeginErrorReadLine();
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return output + error;
}
