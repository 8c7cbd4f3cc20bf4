using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.Collection;
using Triage.Collectors.Tests.Support;
using Triage.Storage;
using Triage.Storage.Embedded;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Metrics;

public sealed class MetricsCollectionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDir _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CollectAsync_PerRankFilesWithOneSlowRank_OneStragglerOnThatRankAndARowPerLaterSlowStep()
    {
        var dir = Run();
        for (var rank = 0; rank < 8; rank++)
        {
            WriteRankFile(dir, rank, slowFrom: rank == 6 ? 40 : int.MaxValue, steps: 80);
        }

        await using var store = await StoreAsync();

        var result = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var symptoms = (await store.QueryAsync(new SymptomFilter { Kinds = ["train.straggler"] }, new SymptomPageRequest { Size = 1000 })).Items;
        var straggler = Assert.Single(symptoms, s => !s.Attrs.ContainsKey("straggler_step"));
        Assert.Equal((6, Severity.Error), (straggler.Rank, straggler.Severity));
        Assert.Equal("metrics/rank-0006.jsonl", straggler.Source.Path);
        Assert.InRange(double.Parse(straggler.Attrs["slowdown"], CultureInfo.InvariantCulture), 1.3, 1.7);
        Assert.Equal(0, result.Failures);

        // Each later slow step is a row of its own, of that straggler, at its own line.
        var steps = symptoms.Where(s => s.Attrs.ContainsKey("straggler_step")).OrderBy(s => s.Source.Line).ToList();
        Assert.Equal(int.Parse(straggler.Attrs["slow_steps"], CultureInfo.InvariantCulture) - 1, steps.Count);
        Assert.InRange(steps.Count, 30, 40);
        Assert.All(steps, s => Assert.Equal((6, Severity.Warning, straggler.Attrs["step"], "metrics/rank-0006.jsonl"), (s.Rank, s.Severity, s.Attrs["straggler_step"], s.Source.Path)));
        Assert.All(steps, s => Assert.True(s.Source.Line > straggler.Source.Line && long.Parse(s.Attrs["step"], CultureInfo.InvariantCulture) > long.Parse(straggler.Attrs["step"], CultureInfo.InvariantCulture)));
        Assert.Equal(steps.Count, steps.Select(s => s.Attrs["step"]).Distinct().Count());
        Assert.All(steps, s => Assert.InRange(double.Parse(s.Attrs["slowdown"], CultureInfo.InvariantCulture), 1.3, 1.7));
    }

    [Fact]
    public async Task CollectAsync_NoSlowRank_NoStraggler()
    {
        var dir = Run();
        for (var rank = 0; rank < 8; rank++)
        {
            WriteRankFile(dir, rank, slowFrom: int.MaxValue, steps: 80);
        }

        await using var store = await StoreAsync();

        await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.Equal(0, await store.CountAsync(new SymptomFilter { Kinds = ["train.straggler", "train.loss_spike", "train.hang"] }));
    }

    [Fact]
    public async Task CollectAsync_StepsStopWhileLogsGoOn_OneHangAtTheLastStep()
    {
        var dir = Run();
        WriteRankFile(dir, 0, int.MaxValue, steps: 50);
        var after = Start.AddSeconds(49 * 4).AddMinutes(10);
        File.WriteAllText(Path.Combine(dir, "node-001.log"), string.Create(CultureInfo.InvariantCulture,
            $"{after:yyyy-MM-ddTHH:mm:ss}Z [Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=5, OpType=ALLREDUCE)\n"));
        await using var store = await StoreAsync();

        await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var hang = Assert.Single((await store.QueryAsync(new SymptomFilter { Kinds = ["train.hang"] }, new SymptomPageRequest())).Items);
        Assert.Equal("49", hang.Attrs["last_step"]);
        Assert.Equal(Start.AddSeconds(49 * 4), hang.Timestamp);
    }

    [Fact]
    public async Task CollectAsync_StepsStopThenTheJobRestarts_NoHang()
    {
        // The job was stopped and restarted: new processes initialise NCCL a minute after the last
        // step; what they log later (here a timeout) belongs to the next attempt, not to a hang.
        var dir = Run();
        WriteRankFile(dir, 0, int.MaxValue, steps: 50);
        var last = Start.AddSeconds(49 * 4);
        File.WriteAllText(Path.Combine(dir, "node-001.log"), string.Create(CultureInfo.InvariantCulture,
            $"{last.AddMinutes(1):yyyy-MM-ddTHH:mm:ss}Z node-001:4242:4250 [0] NCCL INFO comm 0x55d0c8a4e000 rank 0 nranks 8 cudaDev 0 busId 18000 - Init COMPLETE\n" +
            $"{last.AddMinutes(10):yyyy-MM-ddTHH:mm:ss}Z [E ProcessGroupNCCL.cpp:475] [Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=5, OpType=ALLREDUCE, Timeout(ms)=600000) ran for 600123 milliseconds before timing out.\n"));
        await using var store = await StoreAsync();

        await new RunCollector(store, TestRules.BuiltIn, _time).CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.Equal(1, await store.CountAsync(new SymptomFilter { Kinds = ["meta.placement"] }));
        Assert.Equal(1, await store.CountAsync(new SymptomFilter { Kinds = ["nccl.timeout"] }));
        Assert.Equal(0, await store.CountAsync(new SymptomFilter { Kinds = ["train.hang"] }));
    }

    [Fact]
    public async Task CollectAsync_StepCounterGoesBack_OneAttemptFactPerAttemptAtItsFirstRow()
    {
        // Resumed from the checkpoint of step 20 after reaching step 29, an hour later; then again.
        var dir = Run();
        var text = new StringBuilder();
        (int From, int To, DateTimeOffset At)[] attempts = [(0, 29, Start), (20, 39, Start.AddHours(1)), (25, 50, Start.AddHours(2))];
        foreach (var (from, to, at) in attempts)
        {
            for (var step = from; step <= to; step++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{{\"time\":\"{at.AddSeconds((step - from) * 4):yyyy-MM-ddTHH:mm:ss}Z\",\"step\":{step},\"rank\":0,\"loss\":2.5}}\n");
            }
        }

        File.WriteAllText(Path.Combine(dir, "metrics", "train.jsonl"), text.ToString());
        await using var store = await StoreAsync();

        await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var facts = (await store.QueryAsync(new SymptomFilter { Kinds = ["meta.attempt"] }, new SymptomPageRequest())).Items.OrderBy(f => f.Timestamp).ToList();
        Assert.Equal(["0", "1", "2"], facts.Select(f => f.Attrs["attempt"]));
        Assert.Equal(attempts.Select(a => (DateTimeOffset?)a.At), facts.Select(f => f.Timestamp));
        Assert.Equal("training resumed at step 20 after reaching step 29: attempt 1", facts[1].Message);
        Assert.Equal(31, facts[1].Source.Line);
    }

    [Fact]
    public async Task CollectAsync_StepsOnlyGoForward_NoAttemptFacts()
    {
        var dir = Run();
        WriteRankFile(dir, 0, int.MaxValue, steps: 50);
        await using var store = await StoreAsync();

        await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.Equal(0, await store.CountAsync(new SymptomFilter { Kinds = ["meta.attempt"] }));
    }

    [Fact]
    public async Task CollectAsync_StepsStopAndOnlyWarningsFollowBeforeTheRestart_NoHang()
    {
        // A requeue for maintenance: the steps stop, the next attempt's processes print their start-up
        // warnings (torch 2.6's TORCH_NCCL_AVOID_RECORD_STREAMS notice) before its first step is logged.
        var dir = Run();
        var text = new StringBuilder();
        for (var step = 0; step < 50; step++)
        {
            text.Append(Row(step, 0, 2.0, 4000)).Append('\n');
        }

        var restart = Start.AddSeconds(49 * 4).AddMinutes(12);
        for (var step = 40; step < 60; step++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"time\":\"{restart.AddSeconds((step - 40) * 4):yyyy-MM-ddTHH:mm:ss}Z\",\"step\":{step},\"rank\":0,\"loss\":2.0}}\n");
        }

        File.WriteAllText(Path.Combine(dir, "metrics", "rank-0000.jsonl"), text.ToString());
        File.WriteAllText(Path.Combine(dir, "node-001.log"), string.Create(CultureInfo.InvariantCulture,
            $"[rank3]:[W{restart.AddSeconds(-11):Mdd HH:mm:ss}.268319947 ProcessGroupNCCL.cpp:4561] Warning: TORCH_NCCL_AVOID_RECORD_STREAMS=1 has no effect for point-to-point collectives. (function operator())\n"));
        await using var store = await StoreAsync();

        await new RunCollector(store, TestRules.BuiltIn, _time).CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.Equal(1, await store.CountAsync(new SymptomFilter { Kinds = ["log.unknown"] }));
        Assert.Equal(0, await store.CountAsync(new SymptomFilter { Kinds = ["train.hang"] }));
    }

    [Fact]
    public async Task CollectAsync_StepsStopAndNothingElseIsLogged_NoHang()
    {
        var dir = Run();
        WriteRankFile(dir, 0, int.MaxValue, steps: 50);
        await using var store = await StoreAsync();

        await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.Equal(0, await store.CountAsync(new SymptomFilter { Kinds = ["train.hang"] }));
    }

    [Fact]
    public async Task CollectAsync_AgainAndAfterGrowth_NeitherLosesNorDuplicates()
    {
        var dir = Run();
        var path = Path.Combine(dir, "metrics", "train.jsonl");
        var lines = Enumerable.Range(0, 400).Select(s => Row(s, 0, s == 300 ? double.NaN : 2 + Math.Exp(-s / 50.0), 4000)).ToList();
        File.WriteAllText(path, string.Join("\n", lines.Take(200)) + "\n");
        await using var store = await StoreAsync();
        var first = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });
        var again = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        File.AppendAllText(path, string.Join("\n", lines.Skip(200)) + "\n");
        var grown = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });
        var third = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.Equal(0, first.SymptomsNew);
        Assert.Equal(0, again.BytesRead);
        Assert.Equal(1, grown.SymptomsNew);
        Assert.Equal(0, third.SymptomsNew + third.BytesRead);
        Assert.Equal(1, await store.CountAsync(new SymptomFilter { Kinds = ["train.nan"] }));
    }

    [Fact]
    public async Task CollectAsync_DamagedMetricsFiles_RecordedAsFailuresNotThrown()
    {
        var dir = Run();
        File.WriteAllText(Path.Combine(dir, "metrics", "a.csv"), "step,rank,loss\n1,0,2.0\n2,0\n3,0,nan\n3,0,2.0\n4,0");
        File.WriteAllText(Path.Combine(dir, "metrics", "b.jsonl"), "{\"step\":1,\"loss\":2.0}\n{\"step\":2,\"loss\":NaN}\n{\"step\":3,\"lo");
        var events = new byte[64];
        new Random(3).NextBytes(events);
        File.WriteAllBytes(Path.Combine(dir, "metrics", "events.out.tfevents.1.host"), events);
        await using var store = await StoreAsync();

        var result = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var failures = await store.GetFailuresAsync("r");
        Assert.Contains(failures, f => f.Path == "metrics/a.csv" && f.Reason.Contains("missing columns", StringComparison.Ordinal) && f.Reason.Contains("truncated last line", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Path == "metrics/b.jsonl" && f.Reason.Contains("truncated last line", StringComparison.Ordinal));
        Assert.Equal(2, await store.CountAsync(new SymptomFilter { Kinds = ["train.nan"] }));
        Assert.True(result.Failures >= 2);
    }

    [Fact]
    public async Task CollectAsync_MegatronLogWithALossSpikeAndNoMetricsFile_SpikeAtTheIterationLine()
    {
        var dir = Run();
        File.WriteAllText(Path.Combine(dir, "node-004.log"), MegatronLog(300, spikeAt: 220));
        await using var store = await StoreAsync();

        await new RunCollector(store, TestRules.BuiltIn, _time).CollectAsync(dir, new CollectOptions { Run = "r" });

        var spikes = (await store.QueryAsync(new SymptomFilter { Kinds = ["train.loss_spike"] }, new SymptomPageRequest())).Items;
        var loss = Assert.Single(spikes, s => s.Attrs["metric"] == "loss");
        Assert.Equal(("node-004.log", 221L, "220"), (loss.Source.Path, loss.Source.Line, loss.Attrs["step"]));
        Assert.Null(loss.Host); // the run's loss, printed on node-004: not node-004's
        Assert.Equal(Start.AddSeconds(220 * 2), loss.Timestamp);
        Assert.Equal(1, await store.CountAsync(new SymptomFilter { Kinds = ["train.nan"] }));        // the rule's, not a second one
        Assert.Equal(0, await store.CountAsync(new SymptomFilter { Kinds = ["train.straggler", "train.hang"] }));
    }

    [Fact]
    public async Task CollectAsync_MetricsReadBesideTheLogs_SameSymptomsAsAfterThem()
    {
        // Arrange: two workers read the metrics pass beside the logs' extraction; one worker after it.
        var dir = Run();
        File.WriteAllText(Path.Combine(dir, "node-004.log"), MegatronLog(300, spikeAt: 220));
        File.WriteAllText(Path.Combine(dir, "node-005.log"), MegatronLog(200, spikeAt: 120));
        await using var serial = await StoreAsync();
        var dir2 = Path.Combine(Path.GetDirectoryName(dir)!, "run-copy");
        CopyDirectory(dir, dir2);
        await using var beside = await SqliteSymptomStore.OpenAsync(_temp.File("store/beside.db"), _time);

        // Act
        var one = await new RunCollector(serial, TestRules.BuiltIn, _time).CollectAsync(dir, new CollectOptions { Run = "r", MaxParallelism = 1 });
        var two = await new RunCollector(beside, TestRules.BuiltIn, _time).CollectAsync(dir2, new CollectOptions { Run = "r", MaxParallelism = 2 });

        // Assert
        var a = (await serial.QueryAsync(SymptomFilter.All, new SymptomPageRequest { Size = SymptomPageRequest.MaxSize })).Items.Select(s => (s.Id, s.Kind, s.Source.Line)).Order().ToList();
        var b = (await beside.QueryAsync(SymptomFilter.All, new SymptomPageRequest { Size = SymptomPageRequest.MaxSize })).Items.Select(s => (s.Id, s.Kind, s.Source.Line)).Order().ToList();
        Assert.Contains(a, s => s.Kind == "train.loss_spike");
        Assert.Equal(a, b);
        Assert.Equal((one.SymptomsNew, one.SymptomsFound), (two.SymptomsNew, two.SymptomsFound));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task CollectAsync_MetricsFileAndMegatronLogCarryTheSameSpike_ReportedOnceFromTheMetricsFile()
    {
        var dir = Run();
        File.WriteAllText(Path.Combine(dir, "node-004.log"), MegatronLog(300, spikeAt: 220));
        File.WriteAllText(Path.Combine(dir, "metrics", "train.jsonl"), string.Join("\n",
            Enumerable.Range(1, 300).Select(s => Row(s, 0, MegatronLoss(s, 220), 2000))) + "\n");
        await using var store = await StoreAsync();

        await new RunCollector(store, TestRules.BuiltIn, _time).CollectAsync(dir, new CollectOptions { Run = "r" });

        var spikes = (await store.QueryAsync(new SymptomFilter { Kinds = ["train.loss_spike"] }, new SymptomPageRequest())).Items;
        Assert.Equal("metrics/train.jsonl", Assert.Single(spikes, s => s.Attrs["metric"] == "loss").Source.Path);
        Assert.Single(spikes, s => s.Attrs["metric"] == "grad_norm" && s.Source.Path == "node-004.log"); // only the log has it
    }

    [Fact]
    public async Task CollectAsync_PerRankLogsWithIterationLinesAndOneSlowRank_OneStragglerAtItsLogLine()
    {
        // Each rank's own log (torchrun --redirects / --tee) with its iteration lines; rank 6 slows down from iteration 40.
        var dir = Run();
        for (var rank = 0; rank < 8; rank++)
        {
            var random = new Random(rank);
            var text = new StringBuilder();
            for (var it = 1; it <= 80; it++)
            {
                var ms = 4000 * (1 + (0.02 * random.NextDouble())) * (rank == 6 && it >= 40 ? 1.5 : 1.0);
                text.Append(string.Create(CultureInfo.InvariantCulture,
                    $"[rank{rank}]: [{Start.AddSeconds(it * 4):yyyy-MM-dd HH:mm:ss}] iteration {it,8}/  500000 | consumed samples: {it * 512,12} | elapsed time per iteration (ms): {ms:0.0} | learning rate: 1.500E-04 | global batch size:   512 | lm loss: {2 + Math.Exp(-it / 30.0):0.000000E+00} | loss scale: 1.0 | grad norm: 0.250 | number of skipped iterations:   0 | number of nan iterations:   0 |\n"));
            }

            File.WriteAllText(Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"rank-{rank}.log")), text.ToString());
        }

        await using var store = await StoreAsync();

        await new RunCollector(store, TestRules.BuiltIn, _time).CollectAsync(dir, new CollectOptions { Run = "r" });

        var straggler = Assert.Single((await store.QueryAsync(new SymptomFilter { Kinds = ["train.straggler"] }, new SymptomPageRequest { Size = 1000 })).Items, s => !s.Attrs.ContainsKey("straggler_step"));
        Assert.Equal((6, "rank-6.log"), (straggler.Rank, straggler.Source.Path));
        Assert.InRange(straggler.Source.Line, 40, 50);
    }

    /// <summary>Megatron-LM's iteration lines (log interval 1), one every 2 s, a NaN grad norm at 250, between other lines.</summary>
    internal static string MegatronLog(int iterations, int spikeAt)
    {
        var random = new Random(11);
        var text = new StringBuilder("using world size: 16, data-parallel size: 2, tensor-model-parallel size: 4, pipeline-model-parallel size: 2\n");
        for (var it = 1; it <= iterations; it++)
        {
            var gn = 0.25 + (1.5 * Math.Exp(-it / 40.0)) + (0.01 * random.NextDouble()) + (it >= spikeAt && it < spikeAt + 5 ? 2.0 : 0);
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $" [{Start.AddSeconds(it * 2):yyyy-MM-dd HH:mm:ss}] iteration {it,8}/  500000 | consumed samples: {it * 512,12} | elapsed time per iteration (ms): {2000 + (20 * random.NextDouble()):0.0} | learning rate: {1.5e-4 * Math.Min(1, it / 100.0):0.000E+00} | global batch size:   512 | lm loss: {MegatronLoss(it, spikeAt):0.000000E+00} | loss scale: 1.0 | grad norm: {(it == 250 ? "nan" : gn.ToString("0.000", CultureInfo.InvariantCulture))} | number of skipped iterations: {(it == 250 ? 1 : 0),3} | number of nan iterations: {(it == 250 ? 1 : 0),3} |\n"));
        }

        return text.ToString();
    }

    private static double MegatronLoss(int it, int spikeAt) =>
        2.1 + (5.0 * Math.Exp(-it / 50.0)) + (0.01 * (Math.Sin(it * 12.9898) * 43758.5453 % 1)) + (it >= spikeAt && it < spikeAt + 5 ? 0.5 * Math.Exp(-(it - spikeAt) / 2.0) : 0);

    private static void WriteRankFile(string dir, int rank, int slowFrom, int steps)
    {
        var random = new Random(rank);
        var text = new StringBuilder();
        for (var step = 0; step < steps; step++)
        {
            var ms = 4000 * (1 + (0.02 * random.NextDouble())) * (step >= slowFrom ? 1.5 : 1.0);
            text.Append(Row(step, rank, 2 + Math.Exp(-step / 30.0) + (0.001 * random.NextDouble()), ms)).Append('\n');
        }

        File.WriteAllText(Path.Combine(dir, "metrics", string.Create(CultureInfo.InvariantCulture, $"rank-{rank:0000}.jsonl")), text.ToString());
    }

    private static string Row(int step, int rank, double loss, double ms) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"time\":\"{Start.AddSeconds(step * 4):yyyy-MM-ddTHH:mm:ss}Z\",\"step\":{step},\"rank\":{rank},\"loss\":{(double.IsNaN(loss) ? "NaN" : loss.ToString("0.00000", CultureInfo.InvariantCulture))},\"step_time_ms\":{ms:0}}}");

    private string Run() => Directory.CreateDirectory(_temp.File("run/metrics")).Parent!.FullName;

    private RunCollector Collector(ISymptomStore store) => new(store, TestRules.Minimal, _time);

    private async Task<SqliteSymptomStore> StoreAsync() => await SqliteSymptomStore.OpenAsync(_temp.File("store/s.db"), _time);
}
