using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Triage.Collectors.Tests.Support;

/// <summary>
/// Writes a deterministic run directory for mechanics tests: per-node syslog-style kernel logs,
/// srun-labelled rank output with tracebacks and timeouts, timeless lines, and one gzip file.
/// </summary>
internal static class SyntheticRun
{
    public static void Write(string root, int seed, int nodes = 3, int linesPerFile = 4000)
    {
        var random = new Random(seed);
        var start = new DateTime(2026, 3, 21, 1, 0, 0, DateTimeKind.Utc);
        for (var n = 0; n < nodes; n++)
        {
            var host = $"node-{n + 1:000}";
            var sb = new StringBuilder();
            for (var i = 0; i < linesPerFile; i++)
            {
                var t = start.AddSeconds(i * 0.5 + n);
                var stamp = t.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);
                sb.Append(CultureInfo.InvariantCulture, $"{stamp} {host} kernel: [{1000 + i * 0.5:0.000000}] ");
                sb.Append(random.Next(50) == 0
                    ? $"NVRM: Xid (PCI:0000:{random.Next(16):x2}:00): {(random.Next(2) == 0 ? 79 : 13)}, pid={random.Next(9999)}, name=python"
                    : $"eth0: renamed from veth{random.Next(99999)} benign line {i}");
                sb.Append('\n');
            }

            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, host)).FullName, "kern.log"), sb.ToString());
        }

        var slurm = new StringBuilder();
        for (var i = 0; i < linesPerFile; i++)
        {
            var rank = random.Next(16);
            var choice = random.Next(100);
            if (choice < 2)
            {
                slurm.Append(CultureInfo.InvariantCulture, $"{rank,2}: [rank{rank}]: Traceback (most recent call last):\n");
                slurm.Append(CultureInfo.InvariantCulture, $"{rank,2}: [rank{rank}]:   File \"train.py\", line {random.Next(500)}, in step\n");
                slurm.Append(CultureInfo.InvariantCulture, $"{rank,2}: [rank{rank}]: RuntimeError: CUDA error: an illegal memory access was encountered\n");
            }
            else if (choice < 4)
            {
                slurm.Append(CultureInfo.InvariantCulture,
                    $"{rank,2}: [rank{rank}]:[E0321 01:{i / 100 % 60:00}:00.000000 123 ProcessGroupNCCL.cpp:632] [Rank {rank}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum={i}, OpType=ALLREDUCE)\n");
            }
            else
            {
                slurm.Append(CultureInfo.InvariantCulture, $"{rank,2}: iteration {i} | lm loss: 2.{random.Next(99999):00000}\n");
            }
        }

        File.WriteAllText(Path.Combine(root, "slurm-1234.out"), slurm.ToString());
        using var gz = new GZipStream(File.Create(Path.Combine(root, "node-001", "kern.log.2.gz")), CompressionLevel.Fastest);
        var old = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i =>
            $"Mar 20 23:{i / 60 % 60:00}:{i % 60:00} node-001 kernel: [{i}.000000] NVRM: Xid (PCI:0000:3b:00): 13, pid={i}, name=python\n")));
        gz.Write(old);
    }
}
