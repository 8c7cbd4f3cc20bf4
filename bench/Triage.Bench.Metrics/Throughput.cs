using System.Globalization;
using System.Text;
using Triage.Collectors.Extraction;
using Triage.Rules;

namespace Triage.Bench.Metrics;

/// <summary>Parse + detect speed: a per-rank metrics JSONL (loss, grad norm, loss scale, step time per rank and step) through <c>triage extract</c>'s path.</summary>
internal static class Throughput
{
    public static void Generate(string path, long steps, int ranks)
    {
        var inv = CultureInfo.InvariantCulture;
        var random = new Random(7);
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (long step = 0; step < steps; step++)
        {
            var time = start.AddSeconds(step * 4.2).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", inv);
            var loss = 2 + (8 * Math.Exp(-step / 500.0));
            for (var rank = 0; rank < ranks; rank++)
            {
                writer.Write(string.Create(inv,
                    $"{{\"time\":\"{time}\",\"step\":{step},\"rank\":{rank},\"loss\":{loss + (0.01 * (random.NextDouble() - 0.5)):0.00000},\"grad_norm\":{0.3 + (0.05 * random.NextDouble()):0.0000},\"loss_scale\":65536,\"step_time_ms\":{4000 + random.Next(100)}}}\n"));
            }
        }
    }

    public static async Task<(long Rows, long Symptoms)> ExtractAsync(string path)
    {
        long symptoms = 0;
        var outcome = await FileExtraction.ExtractAsync(path, path, RuleSet.Parse([]), (found, _) =>
        {
            symptoms += found.Count;
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        return (outcome.LinesRead, symptoms);
    }
}
