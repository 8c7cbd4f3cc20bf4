using FsCheck.Xunit;
using Triage.Collectors.Metrics;

namespace Triage.Collectors.Tests.Metrics;

public sealed class MetricsParserPropertyTests
{
    [Property(MaxTest = 500)]
    public void Sources_ArbitraryBytes_NeverThrowAndEnd(byte[] bytes)
    {
        foreach (var prefix in new[] { "step,rank,loss\n"u8.ToArray(), "{\"step\":1,\"loss\":2}\n"u8.ToArray(), [] })
        {
            var data = prefix.Concat(bytes ?? []).ToArray();
            MetricsSniffer.Sniff(data, complete: true);
            Drain(new JsonlMetricsSource(new LineSplitter(new MemoryStream(data), 0, 256), new MetricsProblems()));
            if (CsvMetricsSource.Open(new LineSplitter(new MemoryStream(data), 0, 256), new MetricsProblems()) is { } csv)
            {
                Drain(csv);
            }

            Drain(new TfEventsSource(new MemoryStream(data), new MetricsProblems(), 1 << 20));
            Drain(new LogLinesMetricsSource(new LineSplitter(new MemoryStream(data), 0, 256), DateTimeOffset.UnixEpoch));
        }
    }

    [Property(MaxTest = 500)]
    public void IterationLineParser_ArbitraryTextAroundAnIterationLine_NeverThrows(string? before, string? after)
    {
        foreach (var core in new[] { " iteration 12/ 100 | lm loss: ", "[Rank 0] step=3, skipped=", "steps: 7 loss: " })
        {
            IterationLineParser.TryParse(before + core + after, new MetricRow());
        }
    }

    [Property(MaxTest = 300)]
    public void SpikeDetector_ArbitraryValues_NeverThrows(double[] values)
    {
        var detector = new SpikeDetector(MetricsOptions.Default with { WarmupPoints = 3 });
        var step = 0;
        foreach (var value in values ?? [])
        {
            if (double.IsFinite(value))
            {
                detector.Add(value, new MetricAt(step++, null, 0, step, step));
            }
        }

        detector.Flush();
    }

    private static void Drain(IMetricsRowSource source)
    {
        var row = new MetricRow();
        var guard = 0;
        while (source.TryRead(row))
        {
            Assert.True(++guard < 100_000);
        }
    }
}
