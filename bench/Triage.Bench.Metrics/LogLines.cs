using System.Globalization;
using System.Text;

namespace Triage.Bench.Metrics;

/// <summary>The iteration-line path: a Megatron-LM log (one iteration line among other lines) through <c>triage extract</c> with no rules.</summary>
internal static class LogLines
{
    public static void Generate(string path, long iterations, int otherLines)
    {
        var inv = CultureInfo.InvariantCulture;
        var random = new Random(8);
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (long it = 1; it <= iterations; it++)
        {
            var time = start.AddSeconds(it * 1.52).ToString("yyyy-MM-dd HH:mm:ss", inv);
            for (var i = 0; i < otherLines; i++)
            {
                writer.Write(string.Create(inv, $"[default{i % 8}]:node-004:4242:{4250 + i} [{i % 8}] NCCL INFO Channel {i:00}/0 : {i % 8}[{i % 8}] -> {(i + 1) % 8}[{(i + 1) % 8}] via P2P/IPC/read\n"));
            }

            writer.Write(string.Create(inv,
                $"[default7]: [{time}] iteration {it,8}/  500000 | consumed samples: {it * 512,12} | elapsed time per iteration (ms): {1520 + (30 * random.NextDouble()):0.0} | learning rate: 1.500E-04 | global batch size:   512 | lm loss: {2 + (8 * Math.Exp(-it / 500.0)) + (0.01 * random.NextDouble()):0.000000E+00} | loss scale: 65536.0 | grad norm: {0.3 + (0.05 * random.NextDouble()):0.000} | number of skipped iterations:   0 | number of nan iterations:   0 |\n"));
        }
    }
}
