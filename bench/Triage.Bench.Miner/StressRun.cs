using System.Diagnostics;
using System.Globalization;
using Triage.Collectors.Mining;

namespace Triage.Bench.Miner;

/// <summary>
/// <c>--stress</c>: the worst first pass, 200,000 messages that are all new (random words around a
/// number, a duration and sometimes a quoted text), so the miner fills its 20,000 clusters, evicts
/// and consolidates all the time. Seeded, so the same input every run.
/// </summary>
internal static class StressRun
{
    public static int Run()
    {
        var random = new Random(1);
        string Word() => new(Enumerable.Range(0, random.Next(3, 9)).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var messages = Enumerable.Range(0, 200_000)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{Word()} {Word()} user {Word()} host {Word()} {random.Next(1000)} {Word()}")
                + (i % 3 == 0 ? " <1 sec" : " 00:01:02") + (i % 7 == 0 ? $" \"{Word()} {Word()}\"" : string.Empty))
            .ToList();
        var watch = Stopwatch.StartNew();
        var miner = new TemplateMiner();
        foreach (var m in messages)
        {
            miner.Add(m);
        }

        miner.Consolidate();
        Console.WriteLine($"stress (all new, evicting): {messages.Count / watch.Elapsed.TotalSeconds:N0} messages/s, {miner.ClusterCount:N0} clusters kept, managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1e6:0.0} MB");
        return 0;
    }
}
