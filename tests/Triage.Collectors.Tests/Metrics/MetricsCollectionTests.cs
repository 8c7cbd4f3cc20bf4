using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.Collection;
using Triage.Collectors.Tests.Support;
using Triage.Storage;
using Triage.Storage.Embedded;

namespace Triage.Collectors.Tests.Metrics;

public sealed class MetricsCollectionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDir _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CollectAsync_PerRankFilesWithOneSlowRank_OneStragglerOnThatRank()
    {
        var dir = Run();
        for (var rank = 0; rank < 8; rank++)
        {
            WriteRankFile(dir, rank, slowFrom: rank == 6 ? 40 : int.MaxValue, steps: 80);
        }

        await using var store = await StoreAsync();

        var result = await Collector(store).CollectAsync(dir, new CollectOptions { Run = "r" });

        var symptoms = (await store.QueryAsync(new SymptomFilter { Kinds = ["train.straggler"] }, new SymptomPageRequest())).Items;
        var straggler = Assert.Single(symptoms);
        Assert.Equal(6, straggler.Rank);
        Assert.Equal("metrics/rank-0006.jsonl", straggler.Source.Path);
        Assert.InRange(double.Parse(straggler.Attrs["slowdown"], CultureInfo.InvariantCulture), 1.3, 1.7);
        Assert.Equal(0, result.Failures);
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
