using System.Globalization;
using Triage.Simulator.Model;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Output;

/// <summary>One host's kernel / system log: routine lines, noise, link flaps, and the host-level side of a failure.</summary>
internal static class KernelLog
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Collect(Plan plan, Host host, KernelStyle style, List<Entry> into)
    {
        var k = new Writer(plan, host, style, into);
        var rng = Rng.For(plan.Key, 81, (ulong)host.Index);
        for (var t = plan.Start.AddMinutes(-rng.Between(5, 40)); t < plan.End; t = t.AddMinutes(rng.Between(12, 45)))
        {
            switch (style == KernelStyle.DmesgT ? 2 + (rng.Next(2) * 2) : rng.Next(4))
            {
                case 0:
                    k.Line(t, "CRON[" + rng.Between(10000, 99999).ToString(Inv) + "]", "(root) CMD (/usr/local/sbin/nhc -q)");
                    break;
                case 1:
                    k.Line(t, "systemd[1]", "Started Session " + rng.Between(100, 9000).ToString(Inv) + " of User slurm.");
                    break;
                case 2:
                    k.Line(t, "kernel", "mlx5_core " + host.NicPci(rng.Next(4)) + ": mlx5_fw_tracer_handle_traces:735:(pid 0): FW tracer: traces were lost");
                    break;
                case 3:
                    k.Line(t, "nvidia-persistenced[2211]", "device " + Cluster.GpuPci(rng.Next(plan.Cluster.GpusPerHost)) + ".0 - persistence mode enabled.");
                    break;
                default:
                    k.Line(t, "kernel", string.Create(Inv, $"perf: interrupt took too long ({2501 + rng.Next(900)} > 2500), lowering kernel.perf_event_max_sample_rate to {79750 - (rng.Next(20) * 250)}"));
                    break;
            }
        }

        foreach (var ev in plan.Events)
        {
            if (ev.Kind == SideKind.LinkFlap && ev.Switch == host.Switch)
            {
                Flap(k, host, ev.Time.AddMilliseconds(rng.Between(0, 300)), ev.Seconds, ev.Label, rng);
            }

            if (ev.Host != host.Index)
            {
                continue;
            }

            switch (ev.Kind)
            {
                case SideKind.Xid13:
                    {
                        var pci = Cluster.GpuPci(ev.Variant % plan.Cluster.GpusPerHost);
                        var pid = rng.Between(20000, 90000).ToString(Inv);
                        k.Line(ev.Time, "kernel", "NVRM: Xid (PCI:" + pci + "): 13, pid=" + pid + ", name=python3, Graphics SM Warp Exception on (GPC 1, TPC 2, SM 0): Out Of Range Address", ev.Label);
                        k.Line(ev.Time, "kernel", "NVRM: Xid (PCI:" + pci + "): 13, pid=" + pid + ", name=python3, Graphics Exception: ESR 0x514648=0x1000e 0x514650=0x0 0x514644=0xd3eff2 0x51464c=0x17f", ev.Label);
                        break;
                    }

                case SideKind.EdacCorrected:
                    k.Line(ev.Time, "kernel", "mce: [Hardware Error]: Machine check events logged", ev.Label);
                    k.Line(ev.Time.AddSeconds(0.01), "kernel", "EDAC MC0: 1 CE memory read error on CPU_SrcID#0_MC#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x3f8a45 offset:0xc40 grain:32 syndrome:0x0 -  err_code:0x0000:0x0091)", ev.Label);
                    break;
                case SideKind.AerCorrected:
                    {
                        var nic = host.NicPci(1);
                        var e = k.Block(ev.Time);
                        k.Add(e, ev.Time, "kernel", "pcieport 0000:00:03.1: AER: Correctable error message received from " + nic, ev.Label);
                        k.Add(e, ev.Time, "kernel", "mlx5_core " + nic + ": PCIe Bus Error: severity=Correctable, type=Physical Layer, (Receiver ID)");
                        k.Add(e, ev.Time, "kernel", "mlx5_core " + nic + ":   device [15b3:1021] error status/mask=00000001/00000000");
                        k.Add(e, ev.Time, "kernel", "mlx5_core " + nic + ":    [ 0] RxErr                  (First)");
                        break;
                    }

                case SideKind.NicDown:
                    {
                        // mlx5 port module event (drivers/net/ethernet/mellanox/mlx5/core/events.c), then the link drops.
                        var nic = host.NicPci(ev.Variant);
                        var e = k.Block(ev.Time);
                        k.Add(e, ev.Time, "kernel", "mlx5_core " + nic + ": Port module event: module " + ev.Variant.ToString(Inv) + ", Cable unplugged", ev.Label);
                        k.Add(e, ev.Time, "kernel", "mlx5_core " + nic + " " + Iface(host, ev.Variant) + ": Link down", ev.Label);
                        k.Line(ev.Time.AddMilliseconds(40), "systemd-networkd[1822]", Iface(host, ev.Variant) + ": Lost carrier", ev.Label);
                        k.Line(ev.Time.AddSeconds(ev.Seconds), "kernel", "mlx5_core " + nic + ": Port module event: module " + ev.Variant.ToString(Inv) + ", Cable plugged", ev.Label.AsCompanion);
                        k.Line(ev.Time.AddSeconds(ev.Seconds + 2.7), "kernel", "mlx5_core " + nic + " " + Iface(host, ev.Variant) + ": Link up", ev.Label.AsCompanion);
                        break;
                    }

                case SideKind.PortBlip:
                    k.Line(ev.Time, "kernel", "mlx5_core " + host.NicPci(2) + " " + Iface(host, 2) + ": Link down", ev.Label);
                    k.Line(ev.Time.AddSeconds(2.3), "kernel", "mlx5_core " + host.NicPci(2) + " " + Iface(host, 2) + ": Link up", ev.Label.AsCompanion);
                    break;
            }
        }

        foreach (var a in plan.Attempts)
        {
            if (a.Crash is { } crash && crash.FailedRank >= 0 && crash.FailedRank / plan.Cluster.GpusPerHost == host.Index)
            {
                Failure(plan, a, crash, k, rng);
            }
        }
    }

    private static string Iface(Host host, int port) => "ibp" + Convert.ToInt32(Cluster.NicBus[port % 4][5..], 16).ToString(Inv) + "s0";

    private static void Flap(Writer k, Host host, DateTimeOffset t, double seconds, Label label, Rng rng)
    {
        var port = rng.Next(4);
        k.Line(t, "kernel", "mlx5_core " + host.NicPci(port) + " " + Iface(host, port) + ": Link down", label);
        k.Line(t.AddMilliseconds(40), "systemd-networkd[1822]", Iface(host, port) + ": Lost carrier", label);
        k.Line(t.AddSeconds(seconds), "kernel", "mlx5_core " + host.NicPci(port) + " " + Iface(host, port) + ": Link up", label.AsCompanion);
        k.Line(t.AddSeconds(seconds + 0.05), "systemd-networkd[1822]", Iface(host, port) + ": Gained carrier", label.AsCompanion);
    }

    private static void Failure(Plan plan, Attempt a, Crash crash, Writer k, Rng rng)
    {
        var local = crash.FailedRank % plan.Cluster.GpusPerHost;
        var pci = Cluster.GpuPci(local);
        var pid = plan.Pid(crash.FailedRank, a.Index).ToString(Inv);
        var root = crash.Cause.Root;
        var t = crash.Time.AddMilliseconds(-rng.Between(5, 300));
        switch (crash.Kind)
        {
            case CrashKind.GpuLost:
                {
                    // One block (same time, same order as separate lines: the bytes do not change; the truth labels the whole report).
                    var e = k.Block(t);
                    k.Add(e, t, "kernel", "NVRM: GPU at PCI:" + pci + ": GPU-" + Guid(plan, local));
                    k.Add(e, t, "kernel", "NVRM: GPU Board Serial Number: 16523220" + (Rng.Hash(plan.Key, 82) % 100000).ToString("00000", Inv));
                    k.Add(e, t, "kernel", "NVRM: Xid (PCI:" + pci + "): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus.", root);
                    k.Add(e, t, "kernel", "NVRM: GPU " + pci + ".0: GPU has fallen off the bus.", root);
                    k.Add(e, t, "kernel", "NVRM: A GPU crash dump has been created. If possible, please run");
                    k.Add(e, t, "kernel", "NVRM: nvidia-bug-report.sh as root to collect this data before");
                    k.Add(e, t, "kernel", "NVRM: the NVIDIA kernel module is unloaded.");
                }

                k.Line(t.AddSeconds(1), "kernel", "NVRM: Xid (PCI:" + pci + "): 154, GPU recovery action changed from 0x0 (None) to 0x2 (Node Reboot Required)", root);
                break;
            case CrashKind.GspTimeout:
                {
                    // Xid 119 as NVIDIA's table and fleet guides quote it, then the recovery action (Xid 154).
                    var e = k.Block(t);
                    k.Add(e, t, "kernel", "NVRM: Xid (PCI:" + pci + "): 119, pid='N/A', Timeout waiting for RPC from GSP", root);
                    k.Add(e, t, "kernel", "NVRM: Xid (PCI:" + pci + "): 154, GPU recovery action changed from 0x0 (None) to 0x1 (GPU Reset Required)", root);
                    break;
                }

            case CrashKind.EccDbe:
                k.Line(t, "kernel", "NVRM: Xid (PCI:" + pci + "): 48, pid=" + pid + ", name=python3, An uncorrectable double bit error (DBE) has been detected on GPU in the framebuffer at partition 6, subpartition 0.", root);
                k.Line(t.AddMilliseconds(2), "kernel", "NVRM: Xid (PCI:" + pci + "): 63, pid=" + pid + ", name=python3, Row Remapper: New row marked for remapping, reset gpu to activate.", root);
                break;
            case CrashKind.EccUncontained:
                k.Line(t, "kernel", "NVRM: Xid (PCI:" + pci + "): 95, pid=" + pid + ", name=python3, Uncontained ECC error.", root);
                k.Line(t.AddMilliseconds(3), "kernel", "NVRM: Xid (PCI:" + pci + "): 64, pid=" + pid + ", name=python3, Row Remapper Error: New row cannot be remapped, reset gpu to activate.", root);
                break;
            case CrashKind.DataSegfault:
            case CrashKind.RaceSegfault:
                {
                    var comm = crash.Kind == CrashKind.DataSegfault ? (crash.Variant % 2 == 0 ? "python3" : "pt_autograd_0") : "pt_main_thread";
                    var lib = crash.Kind == CrashKind.DataSegfault ? "libtorch_cuda.so" : crash.Variant == 0 ? "libc.so.6" : "libtorch_cpu.so";
                    var h = Rng.Hash(plan.Key, 83, (ulong)crash.FailedRank, (ulong)a.Index);
                    var baseAddr = 0x7f0000000000UL + (h % 0xffffff * 0x1000);
                    var ip = baseAddr + 0x41d2f11 + (h % 0xfff);
                    var tid = int.Parse(pid, Inv) + 5 + (int)(h % 40);
                    var e = k.Block(crash.Time.AddMilliseconds(2));
                    k.Add(e, crash.Time.AddMilliseconds(2), "kernel", string.Create(Inv,
                        $"{comm}[{tid}]: segfault at {(crash.Kind == CrashKind.RaceSegfault ? 0x18UL : h % 0x7fffffff * 0x10):x} ip {ip:x16} sp {0x7ffc1e2a9b40UL - (h % 0xffff * 0x10):x16} error 4 in {lib}[{baseAddr:x}+{0x5a64000:x}] likely on CPU {h % 112} (core {h % 28}, socket {h % 2})"), root);
                    k.Add(e, crash.Time.AddMilliseconds(2), "kernel", "Code: 48 8b 47 18 48 85 c0 74 0b 48 8b 00 c3 0f 1f 80 00 00 00 00 31 c0 c3 66 90");
                    break;
                }

            case CrashKind.HostOom:
                Oom(plan, a, crash, k, t.AddMilliseconds(-400), root);
                break;
        }
    }

    private static void Oom(Plan plan, Attempt a, Crash crash, Writer k, DateTimeOffset t, Label root)
    {
        var victim = RankLog.OomVictimPid(plan, a, crash.FailedRank);
        var g = plan.Cluster.GpusPerHost;
        var hostIndex = crash.FailedRank / g;
        var e = k.Block(t);
        k.Add(e, t, "kernel", "pt_data_worker invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0", root);
        k.Add(e, t, "kernel", "CPU: 97 PID: " + victim.ToString(Inv) + " Comm: pt_data_worker Not tainted 5.15.0-105-generic #115-Ubuntu");
        k.Add(e, t, "kernel", "Hardware name: Supermicro SYS-821GE-TNHR/X13DEG-OAD, BIOS 2.1 04/19/2024");
        k.Add(e, t, "kernel", "Call Trace:");
        foreach (var f in new[] { " <TASK>", " dump_stack_lvl+0x4a/0x63", " dump_header+0x4a/0x1f4", " oom_kill_process.cold+0xb/0x10", " out_of_memory+0x1bd/0x520", " __alloc_pages_slowpath.constprop.0+0xc4b/0xd30", " __alloc_pages+0x30b/0x330", " </TASK>" })
        {
            k.Add(e, t, "kernel", f);
        }

        k.Add(e, t, "kernel", "Mem-Info:");
        k.Add(e, t, "kernel", "Tasks state (memory values in pages):");
        k.Add(e, t, "kernel", "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
        for (var l = 0; l < g; l++)
        {
            var p = plan.Pid((hostIndex * g) + l, a.Index);
            k.Add(e, t, "kernel", string.Create(Inv, $"[{p,7}]  1000 {p,5} {31846240 + (l * 1311),9} {9812055 + (l * 7717),8} {161404928 + (l * 4096),14}        0             0 python3"));
        }

        k.Add(e, t, "kernel", string.Create(Inv, $"[{victim,7}]  1000 {victim,5} {28946240 + (a.Index * 100000),9} {26812055 + (a.Index * 200000),8} {218404928,14}        0             0 pt_data_worker"));
        k.Add(e, t, "kernel", string.Create(Inv, $"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0-1,global_oom,task_memcg=/slurm/uid_1000/job_{plan.JobId}/step_{a.Index}/task_0,task=pt_data_worker,pid={victim},uid=1000"));
        k.Add(e, t, "kernel", string.Create(Inv, $"Out of memory: Killed process {victim} (pt_data_worker) total-vm:{(28946240L + (a.Index * 100000)) * 4}kB, anon-rss:{(26812055L + (a.Index * 200000)) * 4}kB, file-rss:0kB, shmem-rss:1204kB, UID:1000 pgtables:213284kB oom_score_adj:0"));
        k.Line(t.AddSeconds(0.9), "kernel", string.Create(Inv, $"oom_reaper: reaped process {victim} (pt_data_worker), now anon-rss:0kB, file-rss:0kB, shmem-rss:1204kB"), root.AsCompanion);
    }

    private static string Guid(Plan plan, int gpu)
    {
        var h = Rng.Hash(plan.Key, 84, (ulong)gpu);
        var s = h.ToString("x16", Inv);
        return s[..8] + "-" + s[8..12] + "-" + s[12..16] + "-" + (h >> 7).ToString("x16", Inv)[..4] + "-" + (h >> 3).ToString("x16", Inv)[4..16];
    }

    /// <summary>Formats lines in the host's log style (skewed clock, uptime stamps) and collects them.</summary>
    private sealed class Writer(Plan plan, Host host, KernelStyle style, List<Entry> into)
    {
        public void Line(DateTimeOffset t, string ident, string message, Label? label = null)
        {
            var text = Format(t, ident, message);
            if (text is not null)
            {
                into.Add(new Entry(t).Add(text, label));
            }
        }

        public Entry Block(DateTimeOffset t)
        {
            var e = new Entry(t);
            into.Add(e);
            return e;
        }

        public void Add(Entry e, DateTimeOffset t, string ident, string message, Label? label = null)
        {
            var text = Format(t, ident, message);
            if (text is not null)
            {
                e.Add(text, label);
            }
        }

        private string? Format(DateTimeOffset t, string ident, string message)
        {
            var local = t + host.ClockSkew;
            var kernel = string.Equals(ident, "kernel", StringComparison.Ordinal);
            return style switch
            {
                KernelStyle.DmesgT => kernel ? Stamps.DmesgT(local) + message : null,
                KernelStyle.ShortIso => Stamps.ShortIso(local, plan.SystemHost(host), ident) + message,
                _ => Stamps.Syslog(local, plan.SystemHost(host), ident) + (kernel ? Stamps.Uptime(host.BootUptimeSeconds + (t - plan.Start).TotalSeconds) : string.Empty) + message,
            };
        }
    }
}
