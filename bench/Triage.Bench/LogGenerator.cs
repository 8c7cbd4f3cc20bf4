using System.Globalization;
using System.Text;

namespace Triage.Bench;

/// <summary>
/// Writes a large node log the way a training job produces it: NCCL INFO chatter, iteration lines,
/// syslog kernel noise, and a small share of real-format failure lines. Deterministic per seed.
/// </summary>
internal static class LogGenerator
{
    private static readonly string[] Failures =
    [
        "[rank{r}]:[E0321 02:17:13.540237 48461 ProcessGroupNCCL.cpp:632] [Rank {r}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum={n}, OpType=ALLREDUCE, NumelIn=50331648, NumelOut=50331648, Timeout(ms)=600000) ran for 600027 milliseconds before timing out.",
        "Mar 21 02:07:15 node-{h} kernel: [1235902.300000] NVRM: Xid (PCI:0000:ab:00): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus.",
        "Mar 21 02:07:15 node-{h} kernel: [1235902.300000] NVRM: Xid (PCI:0000:3a:00): 13, pid={n}, name=python3, Graphics SM Warp Exception on (GPC 1, TPC 2, SM 0): Out Of Range Address",
        "node-{h}:{n}:{n} [3] transport/net_ib.cc:1295 NCCL WARN NET/IB : Got completion from peer 10.12.3.14<48123> with error 12, opcode 0, len 0, vendor err 129 (Recv) localGid ::ffff:10.12.1.13 remoteGid ::ffff:10.12.3.14",
        "[rank{r}]: RuntimeError: CUDA error: an illegal memory access was encountered",
        "[rank{r}]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 3 has a total capacity of 79.15 GiB of which 1.02 GiB is free.",
        "srun: error: node-{h}: task {r}: Exited with exit code 1",
        // Multi-line reports are written contiguously, as the kernel and Python print them.
        "Mar 21 02:07:15 node-{h} kernel: [1235902.300000] python3 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n" +
        "Mar 21 02:07:15 node-{h} kernel: [1235902.300001] CPU: 17 PID: {n} Comm: python3 Tainted: P           OE      6.5.0-1018-nvidia #18-Ubuntu\n" +
        "Mar 21 02:07:15 node-{h} kernel: [1235902.300002] Hardware name: NVIDIA DGXH100/DGXH100, BIOS 1.4.2 12/05/2023\n" +
        "Mar 21 02:07:15 node-{h} kernel: [1235902.300003] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0-1,global_oom,task_memcg=/user.slice,task=python3,pid={n},uid=1000\n" +
        "Mar 21 02:07:15 node-{h} kernel: [1235902.300004] Out of memory: Killed process {n} (python3) total-vm:123456789kB, anon-rss:98765432kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:190000kB oom_score_adj:0",
        "{r}: [rank{r}]: Traceback (most recent call last):\n" +
        "{r}: [rank{r}]:   File \"/workspace/megatron/training.py\", line 1207, in train_step\n" +
        "{r}: [rank{r}]:     losses_reduced = forward_backward_func(\n" +
        "{r}: [rank{r}]:   File \"/workspace/megatron/core/pipeline_parallel/schedules.py\", line 412, in forward_backward_no_pipelining\n" +
        "{r}: [rank{r}]: RuntimeError: CUDA error: an illegal memory access was encountered",
    ];

    public static long Write(string path, long targetBytes, double failureShare, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        var sb = new StringBuilder(512);
        long bytes = 0;
        long lines = 0;
        var t = new DateTime(2026, 3, 21, 1, 0, 0, DateTimeKind.Utc);
        while (bytes < targetBytes)
        {
            sb.Clear();
            var r = random.Next(4096);
            var h = (r / 8).ToString("000", CultureInfo.InvariantCulture);
            if (random.NextDouble() < failureShare)
            {
                sb.Append(Failures[random.Next(Failures.Length)])
                    .Replace("{r}", r.ToString(CultureInfo.InvariantCulture))
                    .Replace("{h}", h)
                    .Replace("{n}", random.Next(1_000_000).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                // Rank 0 prints one iteration line per step among everyone's chatter.
                switch (random.Next(20) switch { 0 => 1, < 8 => 0, < 13 => 2, _ => 3 })
                {
                    case 0:
                        sb.Append(CultureInfo.InvariantCulture, $"node-{h}:{40000 + r}:{40100 + r} [{r % 8}] NCCL INFO Channel {random.Next(32):00}/0 : {r} -> {(r + 1) % 4096} via P2P/IPC/read");
                        break;
                    case 1:
                        sb.Append(CultureInfo.InvariantCulture, $" [{t:yyyy-MM-dd HH:mm:ss}] iteration {lines % 500000,8}/  500000 | consumed samples: {lines * 1024,12} | elapsed time per iteration (ms): {1800 + random.Next(100)}.{random.Next(10)} | learning rate: 2.999E-04 | lm loss: 2.{random.Next(1000000):000000}E+00 | loss scale: 1.0 | grad norm: 0.{random.Next(1000):000} | number of skipped iterations:   0 |");
                        break;
                    case 2:
                        sb.Append(CultureInfo.InvariantCulture, $"{t:MMM dd HH:mm:ss} node-{h} systemd[1]: Started session-{random.Next(99999)}.scope - Session {random.Next(99999)} of User slurm.");
                        break;
                    default:
                        sb.Append(CultureInfo.InvariantCulture, $"{r,4}: [rank{r}]:[I{t:MMdd HH:mm:ss}.{random.Next(1000000):000000} {40000 + r} ProcessGroupNCCL.cpp:{900 + random.Next(99)}] [PG ID 0 PG GUID 0(default_pg) Rank {r}] ProcessGroupNCCL broadcast unique ID through store took {random.Next(100)}.{random.Next(1000)} ms");
                        break;
                }
            }

            sb.Append('\n');
            writer.Write(sb);
            bytes += Encoding.UTF8.GetByteCount(sb.ToString());
            lines++;
            if (lines % 1000 == 0)
            {
                t = t.AddSeconds(1);
            }
        }

        return bytes;
    }
}
