using System.Diagnostics;
using Triage.Collectors.Collection;
using Triage.Collectors.Extraction;
using Triage.Rules;
using Triage.Storage.Embedded;

namespace Triage.Bench;

/// <summary>One bench step three times (or BENCH_PASSES), with nothing else in the process: for a sampling profiler, and for CPU seconds per step (steadier than wall time on a shared machine).</summary>
internal static class ProfileLoop
{
    public static async Task RunAsync(string step, string log, string runDir, string work, RuleSet rules)
    {
        // BENCH_PASSES (default 3): more warm passes for a profiler started with a delay past the first.
        var passes = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PASSES"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3;
        for (var i = 0; i < passes; i++)
        {
            var sw = Stopwatch.StartNew();
            var cpu = Rusage.SelfCpuSeconds();
            long count = 0;
            if (step == "extract")
            {
                await FileExtraction.ExtractAsync(log, "train.log", rules, (batch, _) => { count += batch.Count; return Task.CompletedTask; });
            }
            else
            {
                var db = Path.Combine(work, "profile.db");
                foreach (var f in Directory.GetFiles(work, "profile.db*"))
                {
                    File.Delete(f);
                }

                await using var store = await SqliteSymptomStore.OpenAsync(db, TimeProvider.System);
                count = (await new RunCollector(store, rules, TimeProvider.System).CollectAsync(runDir, new CollectOptions { Run = "bench" })).SymptomsNew;
            }

            Console.WriteLine($"{step} {i}: {sw.Elapsed.TotalSeconds:0.00} s wall, {Rusage.SelfCpuSeconds() - cpu:0.00} s cpu, {count} symptoms; load {File.ReadAllText("/proc/loadavg").Trim()}");
        }
    }
}
