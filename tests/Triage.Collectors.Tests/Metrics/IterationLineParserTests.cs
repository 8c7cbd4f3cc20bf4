using Triage.Collectors.Metrics;

namespace Triage.Collectors.Tests.Metrics;

public sealed class IterationLineParserTests
{
    [Fact]
    public void TryParse_MegatronLine_EveryNumberFieldCanonical()
    {
        // As printed by Megatron-LM (epfLLM/Megatron-LLM issue #11).
        var row = new MetricRow();

        var format = IterationLineParser.TryParse(" iteration      122/  250000 | consumed samples:       124928 | elapsed time per iteration (ms): 86545.2 | learning rate: 9.150E-06 | global batch size:  1024 | lm loss: 2.504220E+00 | loss scale: 1.0 | grad norm: 0.231 | number of skipped iterations:   0 | number of nan iterations:   0 |", row);

        Assert.Equal(IterationLineFormat.Megatron, format);
        Assert.Equal(122, row.Step);
        var values = row.Values.ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal(2.504220, values["loss"], 9);
        Assert.Equal(0.231, values["grad_norm"], 9);
        Assert.Equal(1.0, values["loss_scale"]);
        Assert.Equal(9.150E-06, values["lr"], 12);
        Assert.Equal(86545.2, values["step_time_ms"], 6);
        Assert.Equal(0, values["skipped"]);
        Assert.Equal(0, values["number_of_nan_iterations"]);
        Assert.Equal(124928, values["consumed_samples"]);
    }

    [Fact]
    public void TryParse_MegatronDeepSpeedLineWithNanAndTextValues_NanKeptTextSkipped()
    {
        // Megatron-DeepSpeed puts samples/sec first and prints TFLOPS with a unit; a NaN grad norm stays a value.
        var row = new MetricRow();

        var format = IterationLineParser.TryParse(" samples/sec: 7.799 | iteration       34/   10000 | elapsed time per iteration (ms): 4103.1 | learning rate: 2.111E-06 | approx flops per GPU: 112.9TFLOPS | lm_loss: 1.118665E+01 | grad norm: nan | number of skipped iterations:   0 | number of nan iterations:   0 |", row);

        Assert.Equal(IterationLineFormat.Megatron, format);
        Assert.Equal(34, row.Step);
        var values = row.Values.ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal(11.18665, values["loss"], 9);
        Assert.True(double.IsNaN(values["grad_norm"]));
        Assert.Equal(7.799, values["samples_per_sec"], 9);
        Assert.DoesNotContain(values.Keys, k => k.Contains("flops", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_DeepSpeedLines_StepRankSkippedLrThenLossAndIterTime()
    {
        var first = new MetricRow();
        var second = new MetricRow();

        var a = IterationLineParser.TryParse("[Rank 0] step=40, skipped=2, lr=[5e-05], mom=[[0.9, 0.999]]", first);
        var b = IterationLineParser.TryParse("steps: 40 loss: 2.3456 iter time (s): 1.234 samples/sec: 207.443", second);

        Assert.Equal((IterationLineFormat.DeepSpeed, IterationLineFormat.DeepSpeed), (a, b));
        Assert.Equal((40, 0), (first.Step, first.Rank));
        Assert.Equal([new("skipped", 2), new("lr", 5e-05)], first.Values);
        Assert.Equal(40, second.Step);
        var values = second.Values.ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal(2.3456, values["loss"], 9);
        Assert.Equal(1234, values["step_time_ms"], 6);
    }

    [Theory]
    [InlineData("iteration 5 of the loop finished")]
    [InlineData("[rank3]: Grad overflow on iteration 5")]
    [InlineData("steps: forty loss: 2.0")]
    [InlineData("global_step=12 saved checkpoint")]
    public void TryParse_OtherLines_None(string line) =>
        Assert.Equal(IterationLineFormat.None, IterationLineParser.TryParse(line, new MetricRow()));

    [Fact]
    public void LogLinesSource_DeepSpeedPairWithPrefixes_OneRowAtTheLossLineWithTheTime()
    {
        var text = "[2026-03-02 00:00:49,360] [INFO] [logging.py:96:log_dist] [Rank 0] step=40, skipped=0, lr=[3.0e-04], mom=[(0.9, 0.95)]\n"
            + "some other line\n"
            + "steps: 40 loss: 2.3456 iter time (s): 1.234 samples/sec: 207.443\n";
        var source = new LogLinesMetricsSource(new LineSplitter(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), 0, 4096), DateTimeOffset.UnixEpoch);
        var row = new MetricRow();

        Assert.True(source.TryRead(row));

        Assert.Equal((40, 0, 3L), (row.Step, row.Rank, row.Line));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 49, 360, TimeSpan.Zero), row.Time);
        Assert.Contains(row.Values, v => v.Key == "loss");
        Assert.Contains(row.Values, v => v.Key == "skipped");
        Assert.False(source.TryRead(row));
    }
}
