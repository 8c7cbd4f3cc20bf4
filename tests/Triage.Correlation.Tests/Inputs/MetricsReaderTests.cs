using Triage.Correlation.Inputs;

namespace Triage.Correlation.Tests.Inputs;

public sealed class MetricsReaderTests
{
    [Fact]
    public void Read_SimulatorLine_StepRankTimeAndValues()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("metrics.jsonl", InputSamples.Lines([InputSamples.MetricsLine(1200)]));
        var stats = new JsonLinesStats();

        var row = Assert.Single(MetricsReader.Read([path], stats));

        Assert.Equal((1200L, (int?)0), (row.Step, row.Rank));
        Assert.NotNull(row.Time);
        Assert.Equal(["loss", "grad_norm", "step_time_ms"], row.Values.Select(v => v.Key));
        Assert.Equal(2.31, row.Values[0].Value);
        Assert.Equal(1, stats.Rows);
    }

    [Fact]
    public void Read_PythonNaNAndInfinity_ReadAsNumbers()
    {
        using var dir = new TempRunDirectory();
        var path = dir.WriteGzip("metrics.jsonl.gz", "{\"step\":7,\"loss\":NaN,\"grad_norm\":Infinity,\"x\":-Infinity}\n{\"step\":8,\"loss\":\"NaN\"}\n");

        var rows = MetricsReader.Read([path], new JsonLinesStats()).ToList();

        Assert.True(double.IsNaN(rows[0].Values[0].Value));
        Assert.Equal(double.PositiveInfinity, rows[0].Values[1].Value);
        Assert.Equal(double.NegativeInfinity, rows[0].Values[2].Value);
        Assert.True(double.IsNaN(Assert.Single(rows[1].Values).Value));
    }

    [Fact]
    public void Read_NoStep_Skipped()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("metrics.jsonl", "{\"loss\":1}\n{\"step\":1.5,\"loss\":1}\n{\"step\":2,\"loss\":1}\n");
        var stats = new JsonLinesStats();

        var rows = MetricsReader.Read([path], stats).ToList();

        Assert.Equal(2L, Assert.Single(rows).Step);
        Assert.Equal(2, stats.Skipped);
    }
}
