using System.Globalization;
using System.Text;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>Which step-manifest row a first failure joins, and which failures a data value may explain.</summary>
public sealed class ManifestJoinTests
{
    private const int Hosts = 4;
    private const int RanksPerHost = 8;
    private const int World = Hosts * RanksPerHost;
    private const int StepSeconds = 16;

    [Fact]
    public async Task Analyze_EccInAStepOfAShardAnOverflowAlsoSaw_IsTheGpuNotTheShard()
    {
        // The shape of a 256-rank DeepSpeed run: rank 0 logs the job's fp16 overflow at step 4, and
        // at step 150 its metrics uploader thread dies (a warning) and a double-bit ECC error kills
        // rank 12; both steps read shard web-0280, which no other step of the 600 read. Events on a
        // 0.3% shard would be significant, but no batch of data flips a bit in HBM.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(Hosts, RanksPerHost);
        WriteManifest(run, steps: 600, stopAfter: 600, shard: step => step is 4 or 150 ? "web-0280" : $"web-{step:0000}");
        run.Add("train.overflow", StepMinutes(4, 3), host: TestRun.Host(0), rank: 0, gpu: 0, severity: Severity.Warning);
        run.Add("py.exception", StepMinutes(150, 2), host: TestRun.Host(0), rank: 0, gpu: 0, severity: Severity.Warning);
        run.Add("gpu.ecc", StepMinutes(150, 5), host: TestRun.Host(1), rank: 12, gpu: 4, severity: Severity.Critical);
        Timeouts(run, crashed: 12, at: StepMinutes(150, 5) + 10, ranMs: 600_000);

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new("host", TestRun.Host(1)), new("gpu", "4")], top.Factors);
        Assert.DoesNotContain(analysis.Hypotheses, h => h.Factors.Any(f => f.Key == "data_shard") && h.Explains.Kinds.Contains("gpu.ecc"));
    }

    [Fact]
    public async Task Analyze_CrashRetimedFromItsPeers_JoinsTheLastStepItsRankLogged()
    {
        // A device-side assert with no stamp of its own (it inherits a line of step 50) killed rank 9
        // 8 s into step 60, and the job stalled: nobody logged a step after 60. The peers' watchdog
        // lines put the collective's start 20 s before the crash, in step 59 — but rank 9 logged
        // step 60 and nothing after it, so step 60 is what it failed on.
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(Hosts, RanksPerHost);
        WriteManifest(run, steps: 100, stopAfter: 60, shard: step => $"s-{step:000}");
        run.Add("cuda.device_assert", StepMinutes(50, 1), host: TestRun.Host(1), rank: 9, gpu: 1, inferred: true);
        Timeouts(run, crashed: 9, at: StepMinutes(60, 8) + 10, ranMs: 620_000);
        Analyzer? analyzer = null;

        await run.AnalyzeAsync(a => analyzer = a);

        var root = Assert.Single(analyzer!.LastRootReport, line => line.Contains(" cuda.device_assert ", StringComparison.Ordinal));
        Assert.Contains(" data_shard=s-060@", root, StringComparison.Ordinal);
    }

    private static double StepMinutes(int step, double seconds) => ((step * StepSeconds) + seconds) / 60.0;

    /// <summary>Every other rank's watchdog fires at <paramref name="at"/> minutes, its collective having run <paramref name="ranMs"/>.</summary>
    private static void Timeouts(TestRun run, int crashed, double at, long ranMs)
    {
        for (var rank = 0; rank < World; rank++)
        {
            if (rank != crashed)
            {
                run.Add("nccl.timeout", at + (rank * 0.0001), host: TestRun.Host(rank / RanksPerHost), rank: rank,
                    attrs: [("ran_ms", ranMs.ToString(CultureInfo.InvariantCulture)), ("timeout_ms", "600000")]);
            }
        }
    }

    /// <summary>One shard per step for every rank (data parallel over one stream); no rows after step <paramref name="stopAfter"/>.</summary>
    private static void WriteManifest(TestRun run, int steps, int stopAfter, Func<int, string> shard)
    {
        var text = new StringBuilder();
        for (var step = 0; step < steps && step <= stopAfter; step++)
        {
            var time = TestRun.T0.AddSeconds(step * StepSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            for (var rank = 0; rank < World; rank++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{{\"time\":\"{time}\",\"rank\":{rank},\"step\":{step},\"data_shard\":\"{shard(step)}\"}}\n");
            }
        }

        run.WriteFile("manifest/steps.jsonl", text.ToString());
    }
}
