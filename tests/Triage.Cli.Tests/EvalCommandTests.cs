using System.Text.Json;
using System.Text.RegularExpressions;
using Triage.Cli.Commands;
using Triage.Cli.Tests.Support;
using Triage.Testing;
using Triage.Simulator.Evaluation;
using Triage.Symptoms;

namespace Triage.Cli.Tests;

public sealed partial class EvalCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Eval_RunWithTruth_TableAndSummary()
    {
        var run = await WriteRunAsync();

        var (code, output, error) = await _cli.RunAsync("eval", run);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("gpu-lost-mini", output, StringComparison.Ordinal);
        Approvals.Verify("eval-table", ScrubTimes(output));
    }

    [Fact]
    public async Task Eval_Json_OneDocumentWithSchemaRunsAndSummary()
    {
        var run = await WriteRunAsync();

        var (code, output, _) = await _cli.RunAsync("eval", run, "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("triage.eval/v1", root.GetProperty("schema").GetString());
        var only = Assert.Single(root.GetProperty("runs").EnumerateArray());
        Assert.Equal("gpu-lost-mini", only.GetProperty("run").GetString());
        var cause = Assert.Single(only.GetProperty("causes").EnumerateArray());
        Assert.Equal(5, cause.GetProperty("truth_symptoms").GetInt32());
        Assert.Equal(1, only.GetProperty("noise").GetInt32());
        Assert.Equal(1, only.GetProperty("unlabelled").GetInt32());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("runs").GetInt32());
        Approvals.Verify("eval-json", JsonSeconds().Replace(output, "$1: <s>"));
    }

    [Fact]
    public async Task Eval_MissingTruthFile_ExitTwoNamingTheExpectedPath()
    {
        var run = await WriteRunAsync();
        File.Delete(run + ".truth.json");

        var (code, output, error) = await _cli.RunAsync("eval", run);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("triage: no ground truth for '<work>/gpu-lost-mini': expected '<work>/gpu-lost-mini.truth.json' beside the run directory\n", _cli.Scrub(error));
    }

    [Fact]
    public async Task Eval_BrokenTruthFile_ExitOneNamingTheFile()
    {
        var run = await WriteRunAsync();
        await File.WriteAllTextAsync(run + ".truth.json", """{"schema": "triage.truth/v0"}""");

        var (code, _, error) = await _cli.RunAsync("eval", run);

        Assert.Equal(1, code);
        Assert.StartsWith("triage: truth file '<work>/gpu-lost-mini.truth.json', line 1: schema is 'triage.truth/v0'", _cli.Scrub(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_KeepStore_PrintsWhereTheStoreIs()
    {
        var run = await WriteRunAsync();

        var (code, _, error) = await _cli.RunAsync("eval", run, "--keep-store");

        Assert.Equal(0, code);
        var path = StoreKeptAt().Match(error).Groups[1].Value;
        Assert.True(File.Exists(path), error);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task Eval_StoreOption_CollectsIntoThatStore()
    {
        var run = await WriteRunAsync();

        var (code, _, _) = await _cli.RunAsync("eval", run, "--store", "sqlite:eval.db");
        var (_, runs, _) = await _cli.RunAsync("status", "--store", "sqlite:eval.db");

        Assert.Equal(0, code);
        Assert.Contains("gpu-lost-mini", runs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteTableAsync_ScoredRuns_RanksRatiosAndSummary()
    {
        var timings = new EvalTimings(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(0.25));
        var runs = new[]
        {
            new RunScore
            {
                Run = "torch-sum-s1",
                Scenarios = ["torch-sum"],
                Hypotheses = 3,
                Causes = [Cause("torch-sum", 1, claimed: 100, correct: 95, truth: 98)],
                Top1 = true, Top3 = true, AllInTopK = true,
                Unexplained = new UnexplainedScore(12, 3, 9, 0),
                Timings = timings,
            },
            new RunScore
            {
                Run = "two-causes-s2",
                Scenarios = ["ecc", "torch-sum"],
                Hypotheses = 2,
                Causes = [Cause("ecc", 2, claimed: 10, correct: 10, truth: 10), Cause("torch-sum", null, claimed: 0, correct: 0, truth: 40)],
                FalseHypotheses = [new FalseHypothesis("h-x", 1, "Hardware fault on node-009", 0.8)],
                Top1 = false, Top3 = true, AllInTopK = false,
                Unexplained = new UnexplainedScore(45, 40, 5, 0),
                Unlabelled = 2,
                Timings = timings,
            },
        };
        var output = new StringWriter();

        await EvalCommand.WriteTableAsync(runs, EvalSummary.From(runs), output);

        Approvals.Verify("eval-table-scored", output.ToString());
    }

    private static CauseScore Cause(string id, int? rank, long claimed, long correct, long truth) => new()
    {
        Id = id,
        Scenario = id,
        Category = SymptomCategory.Software,
        BestRank = rank,
        Hypothesis = rank is null ? null : "h-" + id,
        Claimed = claimed,
        CorrectRoot = correct,
        TruthRoot = truth,
        ListedRoot = truth + 2, // two lines the collector never extracted
        NotExtracted = 2,
        FoundRoot = correct,
    };

    private static string ScrubTimes(string text) => Seconds().Replace(text, "<t> s");

    [GeneratedRegex(@"\d+\.\d\d s")]
    private static partial Regex Seconds();

    [GeneratedRegex("(\"\\w+_seconds\"): [0-9.eE+-]+")]
    private static partial Regex JsonSeconds();

    [GeneratedRegex("kept at sqlite:(\\S+)")]
    private static partial Regex StoreKeptAt();

    /// <summary>
    /// A small GPU-fell-off-the-bus run with real log lines and its truth beside it: 2 root and 3
    /// collateral symptom lines, 1 noise line (a harmless Xid 13), and the Slurm step cancellation
    /// deliberately left unlabelled.
    /// </summary>
    private async Task<string> WriteRunAsync()
    {
        var run = Path.Combine(_cli.WorkDir, "gpu-lost-mini");
        await WriteAsync(run, "gpu-node-018/kern.log",
            "Mar 21 02:07:15 gpu-node-018 kernel: [1235902.718237] NVRM: GPU Board Serial Number: 1652322004589",
            "Mar 21 02:07:15 gpu-node-018 kernel: [1235902.718237] NVRM: Xid (PCI:0000:ab:00): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus.",
            "Mar 21 02:07:15 gpu-node-018 kernel: [1235902.718237] NVRM: GPU 0000:ab:00.0: GPU has fallen off the bus.");
        await WriteAsync(run, "gpu-node-020/kern.log",
            "Mar 20 22:52:11 gpu-node-020 kernel: [1226200.000000] NVRM: Xid (PCI:0000:3a:00): 13, pid=31877, name=python3, Graphics SM Warp Exception on (GPC 1, TPC 2, SM 0): Out Of Range Address");
        await WriteAsync(run, "slurm-48213.out",
            "16: gpu-node-019:48412:48412 [0] NCCL INFO Bootstrap : Using ib0:10.12.2.10<0>",
            "23: [rank23]:[E0321 02:17:13.540237 48461 ProcessGroupNCCL.cpp:632] [Rank 23] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=12873, OpType=ALLREDUCE, NumelIn=50331648, NumelOut=50331648, Timeout(ms)=600000) ran for 600834 milliseconds before timing out.",
            "22: [rank22]:[E0321 02:17:13.728237 48454 ProcessGroupNCCL.cpp:632] [Rank 22] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=12873, OpType=ALLREDUCE, NumelIn=50331648, NumelOut=50331648, Timeout(ms)=600000) ran for 600503 milliseconds before timing out.",
            "srun: error: gpu-node-018: task 13: Exited with exit code 1",
            "slurmstepd: error: *** STEP 48213.0 ON gpu-node-017 CANCELLED AT 2026-03-21T02:17:16 ***");
        await File.WriteAllTextAsync(run + ".truth.json", """
            {
              "schema": "triage.truth/v1", "run": "gpu-lost-mini", "scenarios": ["gpu-lost"], "seed": 1, "ranks": 32, "gpus_per_host": 8,
              "causes": [ { "id": "gpu-lost", "scenario": "gpu-lost", "category": "hardware", "summary": "GPU 0000:ab:00 of gpu-node-018 fell off the bus",
                            "match": [ [ { "key": "host", "value": "gpu-node-018" }, { "key": "gpu", "value": "5" } ], [ { "key": "host", "value": "gpu-node-018" } ] ],
                            "first_seen": "2026-03-21T02:07:15Z" } ],
              "symptoms": [
                { "path": "gpu-node-018/kern.log", "line": 2, "cause": "gpu-lost", "role": "root" },
                { "path": "gpu-node-018/kern.log", "line": 3, "cause": "gpu-lost", "role": "root" },
                { "path": "slurm-48213.out", "line": 2, "cause": "gpu-lost", "role": "collateral" },
                { "path": "slurm-48213.out", "line": 3, "cause": "gpu-lost", "role": "collateral" },
                { "path": "slurm-48213.out", "line": 4, "cause": "gpu-lost", "role": "collateral" }
              ],
              "noise": [ { "path": "gpu-node-020/kern.log", "line": 1, "note": "harmless Xid 13 three hours earlier" } ]
            }
            """);
        return run;
    }

    private static async Task WriteAsync(string run, string relative, params string[] lines)
    {
        var path = Path.Combine(run, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(path, lines);

        // Stamps without a year take the file's year: keep the output independent of the calendar.
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc));
    }
}
