using System.Diagnostics;
using System.Globalization;
using System.Text;
using Triage.Bench;
using Triage.Collectors.RunMetadata;
using Triage.Correlation;
using Triage.Rules.Causal;
using Triage.Storage.Embedded;
using Triage.Symptoms;

// Symptoms in the embedded store → hypotheses. Generates (once, cached) a run of SYMPTOMS symptoms:
// a 16,384-rank job whose incidents are each one root failure on a rank-step that read the bad
// data shard, followed by the whole job's watchdog timeouts and SIGTERMs, plus unrelated noise;
// a step manifest of 200 steps; then times the analyzer and reports peak RSS.
// Usage: dotnet run -c Release --project bench/Triage.Bench.Analyze -- [SYMPTOMS=1000000] [WORK_DIR] [--no-manifest]
var target = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var work = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.Combine(Path.GetTempPath(), "triage-bench-analyze");
var withManifest = !args.Contains("--no-manifest");
const int World = 16_384;
const int PerHost = 8;
const int Steps = 200;
const int StepSeconds = 60;
var t0 = new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero);
var repo = FindRepo();
var dir = Path.Combine(work, target.ToString(CultureInfo.InvariantCulture));
var runDir = Path.Combine(dir, "run");
var dbPath = Path.Combine(dir, "store.db");
Directory.CreateDirectory(runDir);

var random = new Random(42);
var shardOf = new int[Steps, World / 64];
for (var s = 0; s < Steps; s++)
{
    for (var g = 0; g < World / 64; g++)
    {
        shardOf[s, g] = random.Next(1000);
    }
}

if (!File.Exists(Path.Combine(runDir, "run.yaml")))
{
    var nodes = string.Join(", ", Enumerable.Range(0, World / PerHost).Select(Host));
    File.WriteAllText(Path.Combine(runDir, "run.yaml"), $"run: bench\njob_id: 1\nworld_size: {World}\nranks_per_node: {PerHost}\nnodes: [{nodes}]\n");
    if (withManifest)
    {
        Console.WriteLine($"writing manifest: {World} ranks × {Steps} steps ...");
        using var manifest = new StreamWriter(Path.Combine(runDir, "steps.jsonl"), false, new UTF8Encoding(false), 1 << 20);
        for (var s = 0; s < Steps; s++)
        {
            var time = t0.AddSeconds(s * StepSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            for (var r = 0; r < World; r++)
            {
                manifest.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"time\":\"{time}\",\"rank\":{r},\"step\":{s},\"data_shard\":\"web-{shardOf[s, r / 64]:0000}\",\"code_version\":\"3f2a9c1\"}}\n"));
            }
        }
    }
}

var generate = Stopwatch.StartNew();
await using (var store = await SqliteSymptomStore.OpenAsync(dbPath, TimeProvider.System))
{
    var have = await store.CountAsync(new Triage.Storage.SymptomFilter { Run = "bench" });
    if (have < target)
    {
        Console.WriteLine($"generating {target:N0} symptoms into {dbPath} ...");
        // Each incident: one root, then ~3 timeout lines and one SIGTERM per rank.
        // Unrelated noise: one-off Python exceptions and harmless Xid 13 warnings.
        const int Noise = 1_000;
        var perIncident = World * 4L;
        var incidents = (int)Math.Max(1, (target - Noise + perIncident - 1) / perIncident);
        var candidates = new List<(int Rank, int Step)>();
        for (var s = 5; s < Steps - 5; s++)
        {
            for (var g = 0; g < World / 64; g++)
            {
                if (shardOf[s, g] == 42)
                {
                    candidates.Add((g * 64 + random.Next(64), s));
                }
            }
        }

        var batch = new List<Symptom>(100_000);
        long written = 0;
        long line = 0;
        async Task Add(Symptom s)
        {
            batch.Add(s);
            written++;
            if (batch.Count == batch.Capacity)
            {
                await store.AppendAsync(batch);
                batch.Clear();
            }
        }

        Symptom Make(string kind, DateTimeOffset time, int rank, Severity severity)
        {
            line++;
            return new Symptom
            {
                Id = SymptomId.Create("bench", "gen", line, kind),
                Run = "bench",
                Timestamp = time,
                Host = Host(rank / PerHost),
                Rank = rank,
                Kind = kind,
                Category = SymptomKinds.All.First(k => k.Name == kind).DefaultCategory,
                Severity = severity,
                Signature = kind,
                Message = kind + " on rank " + rank.ToString(CultureInfo.InvariantCulture),
                Source = new SymptomSource(string.Create(CultureInfo.InvariantCulture, $"node-{rank / PerHost:00000}/train.log"), line, line * 120),
                Rule = "bench",
            };
        }

        var kinds = new[] { "cuda.illegal_address", "proc.segfault", "cuda.illegal_address", "train.nan" };
        for (var i = 0; i < Noise; i++)
        {
            await Add(Make(i % 5 == 0 ? "gpu.xid" : "py.exception", t0.AddSeconds(random.Next(Steps * StepSeconds)), random.Next(World), i % 5 == 0 ? Severity.Warning : Severity.Error));
        }

        for (var i = 0; i < incidents && written < target; i++)
        {
            var (rank, step) = candidates[random.Next(candidates.Count)];
            var at = t0.AddSeconds(step * StepSeconds + 20);
            await Add(Make(kinds[i % kinds.Length], at, rank, Severity.Critical));
            for (var r = 0; r < World && written < target; r++)
            {
                if (r == rank)
                {
                    continue;
                }

                for (var k = 0; k < 3; k++)
                {
                    await Add(Make("nccl.timeout", at.AddSeconds(600 + (r % 7) + k), r, Severity.Error));
                }

                await Add(Make("torch.sigterm", at.AddSeconds(640), r, Severity.Error));
            }
        }

        await store.AppendAsync(batch);
        Console.WriteLine($"generated in {generate.Elapsed.TotalSeconds:0.0} s");
    }
}

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
var rules = CausalRuleSet.LoadDirectory(Path.Combine(repo, "rules", "causal"));
var watch = Stopwatch.StartNew();
await using (var store = await SqliteSymptomStore.OpenAsync(dbPath, TimeProvider.System))
{
    var analyzer = new Analyzer(store, rules, TimeProvider.System);
    var analysis = await analyzer.AnalyzeAsync("bench", RunMetadataReader.Read(runDir));
    watch.Stop();
    Console.WriteLine(string.Join(", ", analyzer.LastTimings.Select(t => $"{t.Phase} {t.Time.TotalSeconds:0.00} s")));
    Console.WriteLine($"symptoms: {analysis.Symptoms:N0}, first failures: {analysis.Roots:N0}, hypotheses: {analysis.Hypotheses.Count}, unexplained: {analysis.Unexplained:N0}");
    foreach (var h in analysis.Hypotheses.Take(3))
    {
        Console.WriteLine($"  #{h.Rank} {h.Score:0.00} {h.Title} — explains {h.Explains.Symptoms:N0}");
    }
}

Console.WriteLine($"analyze: {watch.Elapsed.TotalSeconds:0.00} s, peak RSS {Rusage.SelfPeakMiB():0} MiB (manifest: {(withManifest ? $"{World * Steps:N0} rows" : "none")})");

static string Host(int h) => string.Create(CultureInfo.InvariantCulture, $"node-{h:00000}");

static string FindRepo()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Triage.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run from inside the repository");
}
