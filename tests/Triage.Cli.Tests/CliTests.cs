using System.Text.Json;
using Triage.Cli.Tests.Support;
using Triage.Testing;

namespace Triage.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly CliRun _cli = new();
    private string? _sample;

    private string Sample => _sample ??= _cli.CopySample("gpu-fell-off-bus");

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Help_Root_ListsCommandsAndExitCodes()
    {
        var (code, output, _) = await _cli.RunAsync("--help");

        Assert.Equal(0, code);
        Approvals.Verify("help", _cli.Scrub(output));
    }

    [Fact]
    public async Task Collect_Sample_PrintsSummaryByKind()
    {
        var (code, output, error) = await _cli.RunAsync("collect", Sample);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Approvals.Verify("collect-sample", _cli.Scrub(output));
    }

    [Fact]
    public async Task Collect_Twice_SecondFindsNothingNew()
    {
        await _cli.RunAsync("collect", Sample);

        var (code, output, _) = await _cli.RunAsync("collect", Sample);

        Assert.Equal(0, code);
        Assert.Contains("0 B, 0 lines read; 0 symptoms (0 new)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symptoms_GroupByKindAndHost_AfterCollect()
    {
        await _cli.RunAsync("collect", Sample, "--store", "sqlite:s.db");

        var (code, output, _) = await _cli.RunAsync("symptoms", "--store", "sqlite:s.db", "--group-by", "kind,host", "--kind", "gpu.xid,gpu.lost,job.cancelled");

        Assert.Equal(0, code);
        Approvals.Verify("symptoms-group-by", output);
    }

    [Fact]
    public async Task Extract_Json_OneObjectPerLineWithOneBasedSourceLine()
    {
        // A relative path, as a user types it: source.path and the ids derive from it.
        var file = Path.Combine(Sample, "gpu-node-018", "kern.log");

        var (code, output, _) = await _cli.RunAsync("extract", "gpu-fell-off-bus/gpu-node-018/kern.log", "--json");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var fileLines = File.ReadAllLines(file);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var source = doc.RootElement.GetProperty("source");
            var number = source.GetProperty("line").GetInt32();
            Assert.InRange(number, 1, fileLines.Length);
            Assert.Contains(doc.RootElement.GetProperty("message").GetString()!, fileLines[number - 1], StringComparison.Ordinal);
            Assert.Equal("gpu-node-018", doc.RootElement.GetProperty("host").GetString());
        }

        Approvals.Verify("extract-json", _cli.Scrub(output));
    }

    [Fact]
    public async Task Extract_JsonOnMetricsSamples_SymptomsAndProblemsOfEachFormat()
    {
        // JSONL (spike, loss-scale drop, NaN, a restart, a duplicate, a cut last line), per-rank CSV
        // (a straggler, text nan/inf, a short row) and TensorBoard events (a spike, a corrupt record).
        var source = Path.Combine(CliRun.RepoRoot, "tests", "Triage.Cli.Tests", "Metrics");
        var target = Directory.CreateDirectory(Path.Combine(_cli.WorkDir, "metrics")).FullName;
        string[] names = ["train.jsonl", "step_times.csv", "events.out.tfevents.1772323200.node-003"];
        foreach (var name in names)
        {
            File.Copy(Path.Combine(source, name), Path.Combine(target, name));
        }

        var (code, output, error) = await _cli.RunAsync(["extract", .. names.Select(n => "metrics/" + n), "--json"]);

        Assert.Equal(0, code);
        Approvals.Verify("extract-metrics-json", _cli.Scrub(output + "--- stderr ---\n" + error));
    }

    [Fact]
    public async Task Extract_JsonOnIterationLogs_RuleSymptomsThenSpikesAtTheirLines()
    {
        // Megatron-LM (a loss and grad-norm spike at 200, a NaN grad norm at 240, a loss-scale halving
        // at 120) and DeepSpeed (a loss spike at step 180), written by make_iteration_logs.py.
        var source = Path.Combine(CliRun.RepoRoot, "tests", "Triage.Cli.Tests", "Metrics");
        var target = Directory.CreateDirectory(Path.Combine(_cli.WorkDir, "logs")).FullName;
        string[] names = ["megatron.log", "deepspeed.log"];
        foreach (var name in names)
        {
            File.Copy(Path.Combine(source, name), Path.Combine(target, name));
        }

        var (code, output, error) = await _cli.RunAsync(["extract", .. names.Select(n => "logs/" + n), "--json"]);

        Assert.Equal(0, code);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("\"train.loss_spike\"", StringComparison.Ordinal) && l.Contains("megatron.log", StringComparison.Ordinal)));
        Assert.Contains("\"line\":360,", output, StringComparison.Ordinal); // DeepSpeed's spike: at its "steps: 180 loss:" line
        Approvals.Verify("extract-iteration-logs-json", _cli.Scrub(output + "--- stderr ---\n" + error));
    }

    [Fact]
    public async Task Status_AfterCollectWithBinaryFile_ListsTheSkippedFile()
    {
        var run = Path.Combine(_cli.WorkDir, "run");
        Directory.CreateDirectory(run);
        await File.WriteAllBytesAsync(Path.Combine(run, "weights.bin"), [0, 1, 2, 0, 0, 9]);
        await File.WriteAllTextAsync(Path.Combine(run, "node-001.log"), "srun: error: node-001: task 3: Exited with exit code 1\n");
        await _cli.RunAsync("collect", run);

        var (code, output, _) = await _cli.RunAsync("status");

        Assert.Equal(0, code);
        Assert.Contains("weights.bin", output, StringComparison.Ordinal);
        Assert.Contains("skipped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesTest_BuiltIn_AllPass()
    {
        var (code, output, _) = await _cli.RunAsync("rules", "test");

        Assert.Equal(0, code);
        Assert.Matches(@"\d+ passed, 0 failed", output);
        Assert.Matches(@"\d+ passed, 0 failed \(8 alert rules\)", output);
    }

    [Fact]
    public async Task Collect_MissingDirectory_OneLineErrorExitOne()
    {
        var (code, output, error) = await _cli.RunAsync("collect", "no-such-dir");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("triage: run directory '<work>/no-such-dir' does not exist or is not a directory\n", _cli.Scrub(error));
    }

    [Theory]
    [InlineData("symptoms", "--group-by", "hostname")]
    [InlineData("collect")]
    [InlineData("collect-es", "filebeat-*")]
    [InlineData("collect-es", "filebeat-*", "--run", "r")]
    [InlineData("collect-es", "filebeat-*", "--run", "r", "--from", "https://127.0.0.1:1", "--page-size", "0")]
    [InlineData("frobnicate")]
    [InlineData("symptoms", "--limit", "0")]
    [InlineData("pull", "--paths", "/var/log/*.log")]
    [InlineData("pull", "--hosts", "a", "--hostfile", "h.txt", "--run", "r", "--paths", "x")]
    [InlineData("pull", "--hosts", "a", "--paths", "/var/log/*.log")]
    [InlineData("pull", "--hosts", "a", "--run", "r")]
    [InlineData("pull", "--hosts", "a=127.0.0.1:0", "--run", "r", "--paths", "x")]
    [InlineData("pull", "--hosts", "a", "--run", "r", "--paths", "x", "--since", "yesterday")]
    [InlineData("pull", "--hosts", "a", "--run", "r", "--paths", "x", "--host-key-policy", "off")]
    [InlineData("pull", "--slurm-job", "1; reboot", "--paths", "x")]
    public async Task BadUsage_ExitTwoWithoutStackTrace(params string[] args)
    {
        var (code, _, error) = await _cli.RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("triage: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenRuleFile_ExitThreeNamingFileAndLine()
    {
        var rules = Path.Combine(_cli.WorkDir, "myrules");
        Directory.CreateDirectory(rules);
        await File.WriteAllTextAsync(Path.Combine(rules, "bad.yaml"), "schemaVersion: 1\nfamily: bad\nrules:\n  - id: bad.one\n    kind: gpu.xidd\n    literals: [x]\n    regex: x\n    tests: { match: [ { text: x } ] }\n");

        var (code, _, error) = await _cli.RunAsync("rules", "list", "--rules", rules);

        Assert.Equal(3, code);
        Assert.Contains("bad.yaml:5:", error, StringComparison.Ordinal);
        Assert.Contains("gpu.xidd", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ElasticsearchStore_Unreachable_ClearStoreErrorQuickly()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (code, _, error) = await _cli.RunAsync("status", "--store", "es:https://127.0.0.1:1");

        Assert.Equal(4, code);
        Assert.Contains("Elasticsearch https://127.0.0.1:1/: probe the cluster failed", error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ElasticsearchStore_CredentialsInUrl_RefusedWithoutEchoingThem()
    {
        var (code, _, error) = await _cli.RunAsync("status", "--store", "es:https://elastic:hunter2@127.0.0.1:1");

        Assert.Equal(4, code);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.Contains("TRIAGE_ES_API_KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectEs_SourceClusterUnreachable_ClearStoreError()
    {
        var (code, _, error) = await _cli.RunAsync("collect-es", "filebeat-*", "--run", "r", "--from", "https://127.0.0.1:1", "--store", "sqlite:s.db");

        Assert.Equal(4, code);
        Assert.Contains("Elasticsearch https://127.0.0.1:1/: probe the cluster failed", error, StringComparison.Ordinal);
    }
}
