using Triage.Collectors.Metrics;
using Triage.Collectors.Tests.Support;
using Triage.Testing;

namespace Triage.Collectors.Tests.Metrics;

public sealed class MetricsFileReaderTests : IDisposable
{
    private static readonly string Samples = Path.Combine(TestRepository.Root, "tests", "Triage.Cli.Tests", "Metrics");
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TryRead_TfEventsSample_OneRowPerStepWithBothScalarsAndStopsAtTheCorruptRecord()
    {
        var rows = ReadAll(Path.Combine(Samples, "events.out.tfevents.1772323200.node-003"), out var reader);

        Assert.Equal(200, rows.Count);
        Assert.All(rows, r => Assert.Equal(["loss", "grad_norm"], r.Values.Select(v => v.Key)));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 2, 30, TimeSpan.Zero), rows[150].Time);
        Assert.Equal(1, reader.Problems.Count("corrupt TensorBoard records (data CRC mismatch; the rest of the file is not read)"));
    }

    [Fact]
    public void TryRead_JsonlWithRestartDuplicateAndCutLastLine_KeepsAttemptsApartAndCountsTheRest()
    {
        var rows = ReadAll(Path.Combine(Samples, "train.jsonl"), out var reader);

        Assert.Equal(260 + 40, rows.Count);
        Assert.Equal(2, reader.Attempts);
        Assert.Equal(240, rows.First(r => r.Attempt == 1).Step);
        Assert.Equal(1, reader.Problems.Count("duplicate steps (dropped)"));
        Assert.Equal(1, reader.Problems.Count("out-of-order steps (dropped)"));
        Assert.Equal(1, reader.Problems.Count("truncated last line"));
        Assert.True(double.IsNaN(rows.Single(r => r.Step == 250 && r.Attempt == 0).Values[0].Value));
    }

    [Fact]
    public void TryRead_CsvWithTextNanInfAndShortRow_ParsesNonFiniteAndDropsTheShortRow()
    {
        var rows = ReadAll(Path.Combine(Samples, "step_times.csv"), out var reader);

        Assert.Equal(60 * 8, rows.Count);
        Assert.True(double.IsNaN(rows.Single(r => r.Step == 10 && r.Rank == 2).Values.Single(v => v.Key == "tokens_per_s").Value));
        Assert.True(double.IsPositiveInfinity(rows.Single(r => r.Step == 11 && r.Rank == 3).Values.Single(v => v.Key == "tokens_per_s").Value));
        Assert.Equal(1, reader.Problems.Count("rows with missing columns (dropped)"));
    }

    [Theory]
    [InlineData("{\"step\":1,\"loss\":2.0}\n{\"step\":2,\"loss\":2.0}\n", "Jsonl")]
    [InlineData("step,loss\n1,2.0\n", "Csv")]
    [InlineData("host,rack\nnode-001,r1\n", "None")]
    [InlineData("{\"rank\":1,\"step\":1,\"data_shard\":\"web-1\"}\n", "None")]
    [InlineData("2026-03-01 step 1 loss 2.0\n", "None")]
    public void Sniff_Heads_RecognisesMetricsOnly(string head, string expected) =>
        Assert.Equal(Enum.Parse<MetricsFormat>(expected), MetricsSniffer.Sniff(System.Text.Encoding.UTF8.GetBytes(head), complete: true));

    [Fact]
    public void TryRead_TfEventsCutInTheMiddleOfARecord_KeepsWhatCameBefore()
    {
        var source = File.ReadAllBytes(Path.Combine(Samples, "events.out.tfevents.1772323200.node-003"));
        var path = _temp.File("events.out.tfevents.1.cut");
        File.WriteAllBytes(path, source.AsSpan(0, source.Length / 2).ToArray());

        var rows = ReadAll(path, out var reader);

        Assert.InRange(rows.Count, 95, 105);
        Assert.Equal(1, reader.Problems.Count("truncated last TensorBoard record"));
    }

    private static List<MetricRow> ReadAll(string path, out MetricsFileReader reader)
    {
        var head = File.ReadAllBytes(path).AsSpan(0, (int)Math.Min(8192, new FileInfo(path).Length)).ToArray();
        var format = MetricsSniffer.Sniff(head, head.Length < 8192);
        Assert.NotEqual(MetricsFormat.None, format);
        reader = new MetricsFileReader(path, Path.GetFileName(path), format, MetricsOptions.Default);
        using (reader)
        {
            var rows = new List<MetricRow>();
            var row = new MetricRow();
            while (reader.TryRead(row))
            {
                var copy = new MetricRow { Step = row.Step, Rank = row.Rank, Time = row.Time, Attempt = row.Attempt, Line = row.Line, Offset = row.Offset };
                copy.Values.AddRange(row.Values);
                rows.Add(copy);
            }

            return rows;
        }
    }
}
