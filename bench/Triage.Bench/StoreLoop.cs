using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Triage.Collectors.Extraction;
using Triage.Rules;
using Triage.Storage;
using Triage.Storage.Embedded;
using Triage.Symptoms;

namespace Triage.Bench;

/// <summary>
/// <c>BENCH_ONLY=store</c>: the store alone. Extracts the log once into memory, then appends the
/// symptoms three times into a fresh store in batches of <c>BENCH_BATCH</c> (default 5,000, the
/// collector's), each with a checkpoint, and prints CPU µs per symptom. <c>BENCH_DEFER=1</c> drops
/// the four secondary indexes before and builds them again after (counted in the time).
/// <c>BENCH_DROP=a,b</c> drops those indexes before and does not build them again: what each one costs
/// the inserts (a measurement only; a store without them answers the same queries, slower).
/// </summary>
internal static class StoreLoop
{
    private static readonly string[] Indexes = ["symptoms_run_ts", "symptoms_run_kind", "symptoms_run_host", "symptoms_run_signature"];

    public static async Task RunAsync(string log, string work, RuleSet rules)
    {
        var symptoms = new List<Symptom>();
        await FileExtraction.ExtractAsync(log, "train.log", rules, (batch, _) => { symptoms.AddRange(batch); return Task.CompletedTask; });
        var batchSize = int.Parse(Environment.GetEnvironmentVariable("BENCH_BATCH") ?? "5000", System.Globalization.CultureInfo.InvariantCulture);
        var defer = Environment.GetEnvironmentVariable("BENCH_DEFER") == "1";
        var dropped = (Environment.GetEnvironmentVariable("BENCH_DROP") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var passes = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PASSES"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3;
        for (var i = 0; i < passes; i++)
        {
            var db = Path.Combine(work, "store.db");
            foreach (var f in Directory.GetFiles(work, "store.db*"))
            {
                File.Delete(f);
            }

            var sw = Stopwatch.StartNew();
            var cpu = Rusage.SelfCpuSeconds();
            await using (var store = await SqliteSymptomStore.OpenAsync(db, TimeProvider.System))
            {
                string[] created = [];
                if (defer)
                {
                    created = await IndexSqlAsync(db);
                    await ExecuteAsync(db, string.Concat(Indexes.Select(x => $"DROP INDEX {x};")));
                }
                else if (dropped.Length > 0)
                {
                    await ExecuteAsync(db, string.Concat(dropped.Select(x => $"DROP INDEX {x};")));
                }

                for (var at = 0; at < symptoms.Count; at += batchSize)
                {
                    var batch = symptoms.GetRange(at, Math.Min(batchSize, symptoms.Count - at));
                    await store.AppendAsync(batch, new SourceCheckpoint { Run = "extract", Path = "train.log", SourceId = "train.log", Fingerprint = "bench", Offset = batch[^1].Source!.Offset });
                }

                if (defer)
                {
                    await ExecuteAsync(db, string.Join(";", created));
                }
            }

            var seconds = Rusage.SelfCpuSeconds() - cpu;
            Console.WriteLine($"store {i}: {symptoms.Count} symptoms, batch {batchSize}{(defer ? ", indexes deferred" : "")}{(dropped.Length > 0 ? ", without " + string.Join("+", dropped) : "")}: {sw.Elapsed.TotalSeconds:0.00} s wall, {seconds:0.00} s cpu, {seconds * 1e6 / symptoms.Count:0.0} µs cpu per symptom (with the close's checkpoint); load {File.ReadAllText("/proc/loadavg").Trim()}");
        }
    }

    private static async Task<string[]> IndexSqlAsync(string db)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        var list = new List<string>();
        foreach (var name in Indexes)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT sql FROM sqlite_master WHERE name = $n";
            command.Parameters.AddWithValue("$n", name);
            list.Add((string)(await command.ExecuteScalarAsync())!);
        }

        return [.. list];
    }

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
