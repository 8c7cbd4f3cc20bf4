using System.Globalization;
using System.Text;
using System.Text.Json;
using Triage.Cli.Tests.Support;

namespace Triage.Cli.Tests;

/// <summary>
/// Runs laid out by other launchers, end to end through <c>triage analyze</c> (collector, store, engine):
/// the crash lands on the rank, host, GPU and attempt the run itself states, and the top hypothesis names it.
/// The lines are real forms (see LauncherPrefixTests and LaunchFactsTests for their sources).
/// </summary>
public sealed class LauncherRunsTests : IDisposable
{
    private const string Illegal = "RuntimeError: CUDA error: an illegal memory access was encountered";
    private static readonly DateTimeOffset Written = new(2024, 5, 9, 0, 0, 0, TimeSpan.Zero);
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Analyze_MpirunTaggedJob_CrashOnRankFiveOfItsHost()
    {
        // mpirun --tag-output --timestamp-output, one process per GPU: the tag's rank is the rank.
        var lines = new List<string>();
        for (var r = 0; r < 8; r++)
        {
            var host = r < 4 ? "node-001" : "node-002";
            lines.Add(Tagged(8, 40, r, r, $"{host}:{1000 + r}:{1000 + r} [{r % 4}] NCCL INFO NCCL version 2.18.1+cuda12.1"));
            lines.Add(Tagged(8, 40, r, r, $"{host}:{1000 + r}:{1000 + r} [{r % 4}] NCCL INFO comm 0x5571a2c0 rank {r} nranks 8 cudaDev {r % 4} nvmlDev {r % 4} busId {Bus(r % 4)} commId 0x9e4c1a0b7d3f2e11 - Init COMPLETE"));
        }

        lines.Add(Tagged(8, 47, 31, 5, Illegal));
        for (var r = 0; r < 8; r++)
        {
            if (r != 5)
            {
                lines.Add(Tagged(8, 57, 32, r, $"[E ProcessGroupNCCL.cpp:475] [Rank {r}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=4094, OpType=ALLREDUCE, Timeout(ms)=600000) ran for 600031 milliseconds before timing out."));
            }
        }

        var dir = Write("mpirun-job", ("mpirun.out", string.Join('\n', lines) + "\n"));

        var (root, text) = await AnalyzeAsync(dir);

        var crash = await SymptomAsync(dir, "cuda.illegal_address");
        Assert.Equal(5, crash.GetProperty("rank").GetInt32());
        var top = root.GetProperty("hypotheses")[0];
        Assert.Contains("cuda.illegal_address", Kinds(top));
        Assert.Contains("rank 5 (node-002, GPU 1)", top.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("host=node-002", Factors(top), StringComparison.Ordinal);
        Assert.DoesNotContain("overruled", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_TorchelasticLogDirsTwoAttemptsAndErrorFile_CrashOnTheStatedRankGpuAndAttempt()
    {
        // torchrun --log-dir on two nodes, two workers each, per-process CUDA_VISIBLE_DEVICES (cudaDev 0
        // everywhere; the PCI bus ids differ). Worker 1 of node-002 (global rank 3, as NCCL says)
        // crashes in both attempts; its error.json has the failure's own time.
        var files = new List<(string, string)>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var t0 = new DateTimeOffset(2024, 5, 8, 8, 40, 0, TimeSpan.Zero).AddMinutes(attempt * 20);
            for (var node = 0; node < 2; node++)
            {
                var host = node == 0 ? "node-001" : "node-002";
                for (var local = 0; local < 2; local++)
                {
                    var rank = (node * 2) + local;
                    var pid = 2000 + (attempt * 100) + rank;
                    var log = new StringBuilder();
                    log.Append(CultureInfo.InvariantCulture, $"[{t0.AddSeconds(1):yyyy-MM-dd HH:mm:ss}] {host}:{pid}:{pid} [0] NCCL INFO NCCL version 2.18.1+cuda12.1\n");
                    log.Append(CultureInfo.InvariantCulture, $"[{t0.AddSeconds(2):yyyy-MM-dd HH:mm:ss}] {host}:{pid}:{pid} [0] NCCL INFO comm 0x55d0c8a4e000 rank {rank} nranks 4 cudaDev 0 nvmlDev {local} busId {Bus(local)} commId 0x8f3b2a6c1d4e5f70 - Init COMPLETE\n");
                    if (rank == 3)
                    {
                        log.Append("Traceback (most recent call last):\n  File \"/workspace/train.py\", line 88, in <module>\n    loss.backward()\n").Append(Illegal).Append('\n');
                        var epoch = t0.AddMinutes(7).AddSeconds(31).ToUnixTimeSeconds();
                        files.Add(($"{host}/logs/train_ab12cd34/attempt_{attempt}/{local}/error.json",
                            "{\"message\": {\"message\": \"" + Illegal + "\", \"extraInfo\": {\"py_callstack\": \"Traceback (most recent call last):\\n  File \\\"/workspace/train.py\\\", line 88, in <module>\\n    loss.backward()\\n" + Illegal + "\\n\", \"timestamp\": \"" + epoch.ToString(CultureInfo.InvariantCulture) + "\"}}}"));
                    }
                    else
                    {
                        log.Append(CultureInfo.InvariantCulture, $"[rank{rank}]:[E508 {t0.AddMinutes(17).AddSeconds(32):HH:mm:ss}.123456789 ProcessGroupNCCL.cpp:632] [Rank {rank}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=7, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600017 milliseconds before timing out.\n");
                    }

                    files.Add(($"{host}/logs/train_ab12cd34/attempt_{attempt}/{local}/stderr.log", log.ToString()));
                }
            }
        }

        var dir = Write("elastic-job", [.. files]);

        var (root, _) = await AnalyzeAsync(dir);

        var crashes = await SymptomsAsync(dir, "cuda.illegal_address");
        Assert.NotEmpty(crashes);
        Assert.All(crashes, c => Assert.Equal("node-002", c.GetProperty("host").GetString()));
        Assert.All(crashes, c => Assert.Equal(1, c.GetProperty("local_rank").GetInt32()));
        var fromErrorFile = crashes.Where(c => c.GetProperty("attrs").TryGetProperty("error_file", out _)).ToList();
        Assert.Equal(2, fromErrorFile.Count);
        Assert.Contains(fromErrorFile, c => c.GetProperty("attrs").GetProperty("attempt").GetString() == "1"
            && c.GetProperty("@timestamp").GetString()!.StartsWith("2024-05-08T09:07:31", StringComparison.Ordinal));
        var top = root.GetProperty("hypotheses")[0];
        Assert.Contains("cuda.illegal_address", Kinds(top));
        // The engine puts it on rank 3, as NCCL's init line in that worker's own file says, and on GPU 1
        // (its local rank), not on cudaDev 0, which every worker reports under per-process CUDA_VISIBLE_DEVICES.
        Assert.Contains("rank 3 (node-002, GPU 1)", top.GetProperty("title").GetString(), StringComparison.Ordinal);
        var (_, explain, _) = await _cli.RunAsync("analyze", dir, "--explain", "1");
        Assert.Contains("attempt_1/1/error.json:4  root        cuda.illegal_address node-002 rank 3", explain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_RunYamlThatDisagreesWithTheLogs_LogsWinAndTheDisagreementIsShown()
    {
        var lines = new List<string>();
        for (var r = 0; r < 4; r++)
        {
            lines.Add($"[2024-05-08 08:40:0{r}] node-00{1 + (r / 2)}:{1000 + r}:{1000 + r} [{r % 2}] NCCL INFO NCCL version 2.19.3+cuda12.2");
            lines.Add($"[2024-05-08 08:40:0{r}] node-00{1 + (r / 2)}:{1000 + r}:{1000 + r} [{r % 2}] NCCL INFO comm 0x7f2c3c002f00 rank {r} nranks 4 cudaDev {r % 2} busId {Bus(r % 2)} - Init COMPLETE");
        }

        lines.Add("[2024-05-08 08:47:31] node-002:1003:1003 [1] " + Illegal);
        var dir = Write("yaml-job",
            ("train.log", string.Join('\n', lines) + "\n"),
            ("run.yaml", "run: yaml-job\njob_id: 7\nworld_size: 16\nranks_per_node: 2\nnodes: [node-007, node-008]\nattempts:\n  - start: 2024-05-08T08:00:00Z\n    versions: { nccl: 2.18.1 }\n"));

        var (_, text) = await AnalyzeAsync(dir, json: false);

        Assert.Contains("run metadata overruled by the logs: run.yaml: world_size is 16, but NCCL's world communicator has 4 ranks", text, StringComparison.Ordinal);
        Assert.Contains("run.yaml: nodes/ranks_per_node put rank 0 on node-007, but NCCL placed it on node-001", text, StringComparison.Ordinal);
        Assert.Contains("run.yaml: attempt 0 says nccl 2.18.1, but the logs print nccl version 2.19.3;", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_TimelessPerRankFilesRestartedTwice_EachCrashJoinsTheLastStepItsRankRanInItsAttempt()
    {
        // srun --output=out/%j-%t.log (one file per task, appended across requeues), torch 2.1 lines
        // with no stamp at all: only the metrics (step counter going back at each resume) and the
        // step manifest carry times. One rank per attempt crashes on a batch of shard web-0061.
        var start = new DateTimeOffset(2024, 5, 8, 8, 0, 0, TimeSpan.Zero);
        int[] crashed = [5, 2, 6];
        var logs = Enumerable.Range(0, 8).Select(_ => new StringBuilder()).ToArray();
        var manifests = Enumerable.Range(0, 8).Select(_ => new StringBuilder()).ToArray();
        var metrics = new StringBuilder();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var t0 = start.AddMinutes(attempt * 40);
            var (first, last) = (attempt * 5, (attempt * 5) + 19); // resumes 14 steps back: a restart, not rows out of order
            for (var r = 0; r < 8; r++)
            {
                var (host, local, pid) = (r < 4 ? "node-001" : "node-002", r % 4, 4000 + (attempt * 100) + r);
                logs[r].Append(CultureInfo.InvariantCulture, $"{host}:{pid}:{pid} [{local}] NCCL INFO comm 0x55d0c8a0b4000 rank {r} nranks 8 cudaDev {local} busId {Bus(local)} commId 0x565c1023996fc3f{attempt} - Init COMPLETE\n");
                logs[r].Append(r == crashed[attempt]
                    ? Illegal + "\n"
                    : $"[E ProcessGroupNCCL.cpp:475] [Rank {r}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum={last * 40}, OpType=ALLREDUCE, NumelIn=50331648, NumelOut=50331648, Timeout(ms)=600000) ran for 600107 milliseconds before timing out.\n");
                for (var step = first; step <= last; step++)
                {
                    var shard = r == crashed[attempt] && step == last ? "web-0061" : string.Create(CultureInfo.InvariantCulture, $"web-{1 + (((r * 7) + (step * 3)) % 30):0000}");
                    manifests[r].Append(CultureInfo.InvariantCulture, $"{{\"ts\":{t0.AddSeconds(60 + ((step - first) * 30)).ToUnixTimeSeconds()}.125,\"step\":{step},\"data_shard\":\"{shard}\"}}\n");
                }
            }

            for (var step = first; step < last; step++)
            {
                metrics.Append(CultureInfo.InvariantCulture, $"{{\"time\":\"{t0.AddSeconds(60 + ((step - first) * 30) + 29):yyyy-MM-ddTHH:mm:ss.fffZ}\",\"step\":{step},\"rank\":0,\"loss\":{9.5 - (step * 0.01):0.000}}}\n");
            }
        }

        var files = new List<(string, string)> { ("metrics/train.jsonl", metrics.ToString()) };
        files.AddRange(logs.Select((l, r) => ($"out/77-{r}.log", l.ToString())));
        files.AddRange(manifests.Select((m, r) => ($"manifest/rank-{r:00000}.jsonl", m.ToString())));
        var dir = Write("timeless-job", [.. files]);

        var (root, _) = await AnalyzeAsync(dir);

        var top = root.GetProperty("hypotheses")[0];
        Assert.Equal("data_shard=web-0061", Factors(top));
        Assert.Contains("cuda.illegal_address", Kinds(top));
        Assert.Equal(3, top.GetProperty("contrast").GetProperty("failures").GetInt32());
    }

    private static string Tagged(int hour, int minute, int second, int rank, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"Wed May  8 {hour:00}:{minute:00}:{second:00} 2024[1,{rank}]<{(text.StartsWith("node-", StringComparison.Ordinal) ? "stdout" : "stderr")}>:{text}");

    private static string Bus(int gpu) => (0x1b + (gpu * 0x20)).ToString("x", CultureInfo.InvariantCulture) + "000";

    private string Write(string name, params (string Path, string Content)[] files)
    {
        var dir = Path.Combine(_cli.WorkDir, name);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            File.SetLastWriteTimeUtc(full, Written.UtcDateTime);
        }

        return dir;
    }

    private async Task<(JsonElement Root, string Text)> AnalyzeAsync(string dir, bool json = true)
    {
        var (code, output, error) = json ? await _cli.RunAsync("analyze", dir, "--json") : await _cli.RunAsync("analyze", dir);
        Assert.True(code == 0, error + output);
        return (json ? JsonDocument.Parse(output).RootElement.Clone() : default, output);
    }

    private async Task<JsonElement> SymptomAsync(string dir, string kind) => (await SymptomsAsync(dir, kind)).Single();

    private async Task<List<JsonElement>> SymptomsAsync(string dir, string kind)
    {
        var (code, output, error) = await _cli.RunAsync("symptoms", "--run", Path.GetFileName(dir), "--kind", kind, "--json");
        Assert.True(code == 0, error + output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static List<string> Kinds(JsonElement hypothesis) =>
        hypothesis.GetProperty("explains").GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!).ToList();

    private static string Factors(JsonElement hypothesis) =>
        string.Join(", ", hypothesis.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("key").GetString() + "=" + f.GetProperty("value").GetString()));
}
