using System.Globalization;
using Triage.Simulator.Model;
using Triage.Simulator.Styles;

namespace Triage.Simulator.Output;

/// <summary>
/// Writes the process and host logs of a run in a non-default style pack's launcher and layout
/// (see <see cref="Launcher"/>). The lines are the ones the default writers produce (same plan,
/// same labels); only where they land and what prefixes them differ.
/// </summary>
internal sealed class StyledLogs(Plan plan, RunWriter writer)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private int G => plan.Cluster.GpusPerHost;

    private IReadOnlyList<Host> Hosts => plan.Cluster.Hosts;

    private string SlurmName => "slurm-" + plan.JobId.ToString(Inv) + ".out";

    public void Write()
    {
        switch (plan.Style.Launcher)
        {
            case Launcher.SrunTorchrun: SrunTorchrun(); break;
            case Launcher.TorchrunPlain: PerNode("/train.log", tee: false, "/dmesg.txt", KernelStyle.DmesgT); break;
            case Launcher.TorchrunTee: PerNode("/torchrun.log", tee: true, "/kern.log", KernelStyle.Syslog); break;
            case Launcher.TorchElastic: TorchElastic(); break;
            case Launcher.DeepSpeed: DeepSpeed(); break;
            case Launcher.Mpirun: Mpirun(); break;
            case Launcher.KubernetesPods: Kubernetes(); break;
            case Launcher.PerRankJournal: PerRankJournal(); break;
            default: throw new InvalidOperationException("not a styled launcher: " + plan.Style.Launcher);
        }
    }

    private List<Entry> Worker(int rank)
    {
        var list = new List<Entry>();
        RankLog.Collect(plan, rank, list);
        return list;
    }

    private List<Entry> Agent(Host h)
    {
        var list = new List<Entry>();
        AgentLog.Collect(plan, h, list);
        return list;
    }

    private List<Entry> Slurm()
    {
        var list = new List<Entry>();
        SlurmLog.Collect(plan, list);
        return list;
    }

    private static string Tee(int local) => "[default" + local.ToString(Inv) + "]:";

    /// <summary>srun --label over one torchrun per node: label = the node's task index, then torchrun's tee prefix.</summary>
    private void SrunTorchrun()
    {
        var width = (Hosts.Count - 1).ToString(Inv).Length;
        var items = new List<(Entry, string)>();
        foreach (var h in Hosts)
        {
            var label = h.Index.ToString(Inv).PadLeft(width) + ": ";
            items.AddRange(writer.Cut(Agent(h), h.Index).Select(e => (e, label)));
            for (var l = 0; l < G; l++)
            {
                var prefix = label + Tee(l);
                items.AddRange(writer.Cut(Worker((h.Index * G) + l), h.Index).Select(e => (e, prefix)));
            }
        }

        items.AddRange(Slurm().Select(e => (e, string.Empty)));
        writer.Emit(SlurmName, items);
        foreach (var h in Hosts)
        {
            writer.Kernel("kern/" + h.Name + ".log", h, KernelStyle.Syslog);
        }
    }

    private void PerNode(string file, bool tee, string kernelFile, KernelStyle kernel)
    {
        foreach (var h in Hosts)
        {
            var items = new List<(Entry, string)>();
            items.AddRange(writer.Cut(Agent(h), h.Index).Select(e => (e, string.Empty)));
            for (var l = 0; l < G; l++)
            {
                var prefix = tee ? Tee(l) : string.Empty;
                items.AddRange(writer.Cut(Worker((h.Index * G) + l), h.Index).Select(e => (e, prefix)));
            }

            writer.Emit(h.Name + file, items);
            writer.Kernel(h.Name + kernelFile, h, kernel);
        }

        writer.SlurmOnly(SlurmName);
    }

    /// <summary>torchrun --log-dir: the agent's own log, then one stderr.log per worker and attempt, and error.json where a worker raised.</summary>
    private void TorchElastic()
    {
        var runId = plan.JobId.ToString(Inv) + "_" + (Randomness.Rng.Hash(plan.Key, 301) % 0xFFFFFF).ToString("x6", Inv);
        foreach (var h in Hosts)
        {
            writer.Emit(h.Name + "/agent.log", writer.Cut(Agent(h), h.Index).Select(e => (e, string.Empty)));
            for (var l = 0; l < G; l++)
            {
                var rank = (h.Index * G) + l;
                var byAttempt = writer.Cut(Worker(rank), h.Index).GroupBy(e => AttemptOf(e.Time)).ToDictionary(g => g.Key, g => g.ToList());
                foreach (var a in plan.Attempts)
                {
                    var dir = h.Name + "/elastic/" + runId + "/attempt_" + a.Index.ToString(Inv) + "/" + l.ToString(Inv) + "/";
                    writer.Emit(dir + "stderr.log", (byAttempt.GetValueOrDefault(a.Index) ?? []).Select(e => (e, string.Empty)));
                    if (a.Crash is { } c && c.FailedRank == rank && ErrorMessage(c) is { } message)
                    {
                        var stamp = ((long)(c.Time + h.ClockSkew).ToUnixTimeSeconds()).ToString(Inv);
                        writer.Meta(dir + "error.json", (_, f) => f.WriteLine(
                            "{\"message\": {\"message\": \"" + message + "\", \"extraInfo\": {\"py_callstack\": \"Traceback (most recent call last):\\n  File \\\"/workspace/megatron/pretrain_gpt.py\\\", line 241, in <module>\\n    pretrain(train_valid_test_datasets_provider,\\n" + message + "\\n\", \"timestamp\": \"" + stamp + "\"}}}",
                            c.Cause.Root, c.Time));
                    }
                }
            }

            writer.Kernel(h.Name + "/journal.log", h, KernelStyle.ShortIso);
        }

        writer.SlurmOnly(SlurmName);
    }

    private int AttemptOf(DateTimeOffset t)
    {
        var index = plan.Attempts[0].Index;
        foreach (var a in plan.Attempts)
        {
            if (a.Start <= t)
            {
                index = a.Index;
            }
        }

        return index;
    }

    /// <summary>What torchelastic's @record writes for a worker that died of a Python exception (signals leave no error file).</summary>
    private static string? ErrorMessage(Crash c) => c.Kind switch
    {
        CrashKind.IllegalAccessTraceback => "RuntimeError: CUDA error: an illegal memory access was encountered",
        CrashKind.EccDbe or CrashKind.EccUncontained => "RuntimeError: CUDA error: uncorrectable ECC error encountered",
        CrashKind.DeviceAssert => "RuntimeError: CUDA error: device-side assert triggered",
        CrashKind.NanGradNorm => "AssertionError: found NaN in local grad norm in backward pass before data-parallel communication collective",
        CrashKind.NcclInternal => "torch.distributed.DistBackendError: NCCL error in: /pytorch/torch/csrc/distributed/c10d/NCCLUtils.hpp:317, internal error - please report this issue to the NCCL developers",
        _ => null,
    };

    /// <summary>The deepspeed launcher over pdsh: every line of a host comes back prefixed with 'HOST: '.</summary>
    private void DeepSpeed()
    {
        var items = new List<(Entry, string)>();
        foreach (var h in Hosts)
        {
            var prefix = plan.ProcessHost(h) + ": ";
            for (var l = 0; l < G; l++)
            {
                items.AddRange(writer.Cut(Worker((h.Index * G) + l), h.Index).Select(e => (e, prefix)));
            }
        }

        writer.Emit("deepspeed-launch.log", items);
        foreach (var h in Hosts)
        {
            writer.Kernel("syslog/" + h.Name + ".log", h, KernelStyle.Syslog);
        }
    }

    /// <summary>mpirun --tag-output in an sbatch script: the batch output holds every rank's lines, tagged with the stream they went to.</summary>
    private void Mpirun()
    {
        var items = new List<(Entry, string)>();
        for (var rank = 0; rank < plan.Ranks; rank++)
        {
            var tag = "[1," + rank.ToString(Inv) + "]";
            foreach (var e in writer.Cut(Worker(rank), rank / G))
            {
                var tagged = new Entry(e.Time);
                foreach (var (text, label) in e.Lines)
                {
                    tagged.Add(tag + (Stdout(text) ? "<stdout>:" : "<stderr>:") + text, label);
                }

                items.Add((tagged, string.Empty));
            }
        }

        writer.Emit(SlurmName, items);
        foreach (var h in Hosts)
        {
            writer.Kernel("dmesg/" + h.Name + ".txt", h, KernelStyle.DmesgT);
        }
    }

    /// <summary>NCCL's debug output and the training loop's prints go to stdout; logging, c10 and tracebacks to stderr.</summary>
    private static bool Stdout(string text) =>
        text.Contains(" NCCL INFO ", StringComparison.Ordinal) || text.Contains(" NCCL WARN ", StringComparison.Ordinal)
        || text.Contains("] iteration ", StringComparison.Ordinal) || text.StartsWith("steps: ", StringComparison.Ordinal);

    private void Kubernetes()
    {
        foreach (var h in Hosts)
        {
            var items = new List<(Entry, string)>();
            items.AddRange(writer.Cut(Agent(h), h.Index).Select(e => (e, string.Empty)));
            for (var l = 0; l < G; l++)
            {
                items.AddRange(writer.Cut(Worker((h.Index * G) + l), h.Index).Select(e => (e, string.Empty)));
            }

            writer.Emit("pods/" + h.Pod + ".log", items);
            writer.Kernel("nodes/" + h.Name + "/journal.log", h, KernelStyle.ShortIso);
        }

        writer.Meta("pods.txt", (p, f) =>
        {
            var restarts = p.Attempts.Count - 1;
            var age = (int)Math.Round((p.End - p.Start).TotalHours);
            f.WriteLine(string.Create(Inv, $"{"NAME",-40} READY   STATUS    RESTARTS   AGE   IP            NODE                           NOMINATED NODE   READINESS GATES"));
            foreach (var h in p.Cluster.Hosts)
            {
                f.WriteLine(string.Create(Inv, $"{h.Pod,-40} 0/1     Error     {restarts,-10} {age + "h",-5} {"10.8." + (h.Index / 250).ToString(Inv) + "." + ((h.Index % 250) + 2).ToString(Inv),-13} {h.Name,-30} <none>           <none>"));
            }
        });
    }

    private void PerRankJournal()
    {
        for (var rank = 0; rank < plan.Ranks; rank++)
        {
            writer.Emit("out/" + plan.JobId.ToString(Inv) + "-" + rank.ToString(Inv) + ".log", writer.Cut(Worker(rank), rank / G).Select(e => (e, string.Empty)));
        }

        foreach (var h in Hosts)
        {
            writer.Kernel("journal/" + plan.SystemHost(h) + ".log", h, KernelStyle.ShortIso);
        }

        writer.SlurmOnly(SlurmName);
    }
}
