using System.Globalization;
using Triage.Simulator.Model;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Output;

/// <summary>What one rank's process prints over all attempts: NCCL init, warnings, iteration lines
/// (on the logging rank), its own failure, or its watchdog timeout when a peer failed.</summary>
internal static class RankLog
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Collect(Plan plan, int rank, List<Entry> into)
    {
        var host = plan.Cluster.HostOfRank(rank);
        var local = rank % plan.Cluster.GpusPerHost;
        foreach (var a in plan.Attempts)
        {
            var pid = plan.Pid(rank, a.Index);
            var skew = host.ClockSkew;
            var rng = Rng.For(plan.Key, 41, (ulong)rank, (ulong)a.Index);
            var init = a.Start.AddSeconds(25 + rng.Between(0.0, 20.0));
            var nccl = plan.ProcessHost(host) + ":" + pid.ToString(Inv) + ":";
            var dev = " [" + local.ToString(Inv) + "] ";
            var e = new Entry(init);
            var text = new TorchText(a.Versions.Style, rank, init + skew, pid);
            if (rank == 0)
            {
                e.Add(nccl + pid.ToString(Inv) + dev + "NCCL INFO NCCL version " + a.Versions.Nccl + "+cuda" + a.Versions.Cuda);
            }

            e.Add(nccl + pid.ToString(Inv) + dev + "NCCL INFO Bootstrap : Using ib0:" + host.Ip + "<0>");
            e.Add(nccl + pid.ToString(Inv) + dev + "NCCL INFO NET/Plugin: No plugin found (libnccl-net.so)");
            e.Add(nccl + pid.ToString(Inv) + dev + string.Create(Inv, $"NCCL INFO NET/IB : Using [0]mlx5_{local}:1/IB [RO]; OOB ib0:{host.Ip}<0>"));
            e.Add(nccl + pid.ToString(Inv) + dev + "NCCL INFO cudaDriverVersion " + CudaDriverVersion(a.Versions.Cuda));
            e.Add(nccl + (pid + 91).ToString(Inv) + dev + string.Create(Inv,
                $"NCCL INFO comm 0x55d0c8a{rank % 4096:x3}000 rank {rank} nranks {plan.Ranks} cudaDev {local} nvmlDev {local} busId {Cluster.GpuBusId(local)} commId 0x{Rng.Hash(plan.Key, 42, (ulong)a.Index):x16} - Init COMPLETE"));
            if (a.Versions.Style != TorchStyle.Classic)
            {
                e.Add(text.C10('I', 946) + text.PgTag + string.Create(Inv, $" ProcessGroupNCCL initialization options: size: {plan.Ranks}, global rank: {rank}, TIMEOUT(ms): 600000, USE_HIGH_PRIORITY_STREAM: 0, SPLIT_FROM: 0, SPLIT_COLOR: 0, PG Name: 0"));
            }

            into.Add(e);
            if (rng.Chance(0.5))
            {
                var w = a.FirstStep.AddSeconds(rng.Between(1.0, 30.0));
                var wt = new TorchText(a.Versions.Style, rank, w + skew, pid);
                into.Add(new Entry(w).Add(a.Versions.Style == TorchStyle.Classic
                    ? "/usr/local/lib/python3.10/dist-packages/torch/distributed/distributed_c10d.py:2767: UserWarning: torch.distributed._all_gather_base is a private function and will be deprecated. Please use torch.distributed.all_gather_into_tensor instead."
                    : wt.C10Prefix + Stamps.C10(w + skew, 'W', "ProcessGroupNCCL.cpp", 4561) + " Warning: TORCH_NCCL_AVOID_RECORD_STREAMS=1 has no effect for point-to-point collectives. (function operator())"));
            }

            if (rank == plan.LoggingRank)
            {
                Iterations(plan, a, rank, skew, into);
            }

            foreach (var ev in plan.Events)
            {
                if (ev.Rank == rank && ev.Kind == SideKind.UploaderTraceback && a.Contains(ev.Time))
                {
                    var u = new Entry(ev.Time);
                    PyText.Uploader(u, new TorchText(a.Versions.Style, rank, ev.Time + skew, pid).PyPrefix, ev.Label);
                    into.Add(u);
                }

                if (ev.Kind == SideKind.UnknownMessage && a.Contains(ev.Time) && UnknownMessage.Affects(plan.Key, rank))
                {
                    var t = ev.Time.AddMilliseconds(rng.Between(0, 4000));
                    into.Add(new Entry(t).Add(new TorchText(a.Versions.Style, rank, t + skew, pid).PyPrefix + Stamps.PyLog(t + skew, "ckptfs.client", "ERROR") + UnknownMessage.Text(rng), ev.Label));
                }

                if (ev.Kind == SideKind.NicDown && ev.Host == host.Index && local / 2 % Cluster.NicBus.Length == ev.Variant && a.Contains(ev.Time))
                {
                    var t = ev.Time.AddMilliseconds(rng.Between(5, 400));
                    var v218 = a.Versions.Nccl.StartsWith("2.18", StringComparison.Ordinal);
                    into.Add(new Entry(t).Add(string.Create(Inv, $"{nccl}{pid + 97}{dev}transport/net_ib.cc:{(v218 ? 93 : 101)} NCCL WARN NET/IB : {(v218 ? string.Empty : "mlx5_" + local.ToString(Inv) + ":1 ")}Got async event : port error"), ev.Label));
                }

                if (ev.Kind == SideKind.SdcSpike && ev.Rank == rank && a.Contains(ev.Time))
                {
                    // Megatron-core's result validation (rerun_state_machine.py, non-fatal "Spiky loss" check).
                    var t = ev.Time.AddMilliseconds(rng.Between(50, 900));
                    var tt = new TorchText(a.Versions.Style, rank, t + skew, pid);
                    var bad = (Metrics.Loss(plan, ev.Step) * (9 + (ev.Variant % 40))).ToString("0.0000", Inv);
                    var again = Metrics.Loss(plan, ev.Step).ToString("0.0000", Inv);
                    var who = string.Create(Inv, $"Rank {rank}, node {plan.ProcessHost(host)}, device {local}, iteration #{ev.Step}: ");
                    into.Add(new Entry(t)
                        .Add(tt.PyPrefix + Stamps.PyLog(t + skew, "megatron.core.rerun_state_machine", "ERROR") + string.Create(Inv, $"Unexpected result tensor({bad}, device='cuda:{local}') on rank {rank} at iteration #{ev.Step} invocation #1 (message='Spiky loss')"), ev.Label)
                        // The re-run's result: the verdict line that follows is the event's finding (rules/training.yaml).
                        .Add(tt.PyPrefix + Stamps.PyLog(t.AddSeconds(a.StepSeconds) + skew, "megatron.core.rerun_state_machine", "WARNING") + who + string.Create(Inv, $"First rerun: unexpected result is not reproducible within the tolerance (tensor({again}, device='cuda:{local}') != tensor({bad}, device='cuda:{local}'))!"), ev.Label.AsCompanion)
                        .Add(tt.PyPrefix + Stamps.PyLog(t.AddSeconds(a.StepSeconds) + skew, "megatron.core.rerun_state_machine", "WARNING") + who + "Possible transient error!!", ev.Label));
                }

                if (ev.Kind == SideKind.LinkFlap && ev.Switch == host.Switch && a.Contains(ev.Time))
                {
                    var t = ev.Time.AddMilliseconds(rng.Between(5, 400));
                    var async = string.Create(Inv, $"{nccl}{pid + 97}{dev}transport/net_ib.cc:{(a.Versions.Nccl.StartsWith("2.18", StringComparison.Ordinal) ? 93 : 101)} NCCL WARN NET/IB : ");
                    var hca = a.Versions.Nccl.StartsWith("2.18", StringComparison.Ordinal) ? string.Empty : string.Create(Inv, $"mlx5_{local}:1 ");
                    into.Add(new Entry(t).Add(async + hca + "Got async event : port error", ev.Label));
                    into.Add(new Entry(t.AddSeconds(ev.Seconds)).Add(async + hca + "Got async event : port active", ev.Label));
                }
            }

            if (a.Crash is { } crash)
            {
                Crash(plan, a, crash, rank, host, pid, into);
            }
        }
    }

    private static string CudaDriverVersion(string cuda) => cuda switch
    {
        "12.1" => "12020",
        "12.4" => "12040",
        _ => "12060",
    };

    private static void Iterations(Plan plan, Attempt a, int rank, TimeSpan skew, List<Entry> into)
    {
        var nan = plan.Events.Where(e => e.Kind is SideKind.NanStep or SideKind.LossSpike or SideKind.SdcSpike or SideKind.WarmupOverflow && a.Contains(e.Time)).ToList();
        var first = ((a.ResumeStep / 10) + 1) * 10;
        for (var step = first; step < a.EndStep; step += 10)
        {
            var t = a.StepStart(step).AddSeconds(a.StepSeconds * 0.97);
            if (t >= a.End)
            {
                break;
            }

            var local = t + skew;
            var covered = nan.Where(e => e.Step > step - 10 && e.Step <= step).ToList();
            var nanCount = covered.Count(e => e.Kind == SideKind.NanStep);
            var spike = covered.Any(e => e.Kind is SideKind.LossSpike or SideKind.SdcSpike);
            var loss = Metrics.Loss(plan, step) * (spike ? 1.9 : 1.0);
            // A NaN step is the line's own finding (its "number of nan iterations"); a spike is not: the run's
            // metrics file logs the same loss every step, and where a metrics file carries a series the
            // engine does not read it from log lines again, so the line is a companion of the metrics row.
            var label = covered.Where(e => e.Kind == SideKind.NanStep).Select(e => e.Label).FirstOrDefault(l => !l.IsNoise)
                ?? covered.Where(e => e.Kind is SideKind.LossSpike or SideKind.SdcSpike).Select(e => e.Label).FirstOrDefault(l => !l.IsNoise)?.AsCompanion
                ?? covered.Select(e => e.Label).FirstOrDefault(l => !l.IsNoise);
            if (plan.Megatron)
            {
                var ms = a.StepSeconds * 1000 * (1 + (0.02 * Rng.Unit(plan.Key, 43, (ulong)step)));
                var gn = Metrics.GradNorm(plan, step) * (spike ? 6 : 1);
                var gnText = nanCount > 0 ? "nan" : gn.ToString("0.000", Inv);
                into.Add(new Entry(t).Add(string.Create(Inv,
                    $" [{Stamps.Plain(local)}] iteration {step,8}/{500000,8} | consumed samples: {step * plan.GlobalBatch,12} | elapsed time per iteration (ms): {ms:0.0} | learning rate: {Metrics.Lr(step).ToString("0.000E+00", Inv)} | global batch size: {plan.GlobalBatch,5} | lm loss: {loss.ToString("0.000000E+00", Inv)} | loss scale: 1.0 | grad norm: {gnText} | number of skipped iterations: {nanCount,3} | number of nan iterations: {nanCount,3} |"), label));
            }
            else
            {
                foreach (var e in covered.Where(e => e.Kind is SideKind.NanStep or SideKind.WarmupOverflow))
                {
                    var ot = a.StepStart(e.Step).AddSeconds(a.StepSeconds * 0.95) + skew;
                    into.Add(new Entry(ot - skew).Add(string.Create(Inv,
                        $"[{Stamps.Plain(ot)},{ot.Millisecond:000}] [INFO] [loss_scaler.py:183:update_scale] [deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 65536, reducing to 32768"), e.Label));
                }

                into.Add(new Entry(t).Add(string.Create(Inv,
                    $"[{Stamps.Plain(local)},{local.Millisecond:000}] [INFO] [logging.py:96:log_dist] [Rank 0] step={step}, skipped={nanCount}, lr=[{Metrics.Lr(step).ToString("0.000000", Inv)}], mom=[(0.9, 0.95)]"))
                    .Add(string.Create(Inv, $"steps: {step} loss: {loss:0.0000} iter time (s): {a.StepSeconds:0.000} samples/sec: {plan.GlobalBatch / a.StepSeconds:0.000}"), label));
            }
        }
    }

    private static void Crash(Plan plan, Attempt a, Crash crash, int rank, Host host, int pid, List<Entry> into)
    {
        var cause = crash.Cause;
        var style = a.Versions.Style;
        var local = rank % plan.Cluster.GpusPerHost;
        var nccl = plan.ProcessHost(host) + ":" + pid.ToString(Inv) + ":" + (pid + 97).ToString(Inv) + " [" + local.ToString(Inv) + "] ";
        if (rank == crash.FailedRank)
        {
            var t = crash.Time;
            var text = new TorchText(style, rank, t + host.ClockSkew, pid);
            var e = new Entry(t);
            var root = cause.Root;
            var rt = text.Modern && crash.Variant % 2 == 1 ? "torch.AcceleratorError" : "RuntimeError";
            switch (crash.Kind)
            {
                case CrashKind.IllegalAccessTraceback:
                    PyText.Traceback(e, text.PyPrefix, crash.Variant, rt + ": CUDA error: an illegal memory access was encountered", root, true);
                    if (text.Modern)
                    {
                        e.Add(text.PyPrefix + "Search for `cudaErrorIllegalAddress' in https://docs.nvidia.com/cuda/cuda-runtime-api/group__CUDART__TYPES.html for more information.");
                    }

                    text.CudaHints(e, text.PyPrefix);
                    break;
                case CrashKind.IllegalAccessWatchdog:
                    e.Add(nccl + "enqueue.cc:1451 NCCL WARN Cuda failure 700 'an illegal memory access was encountered'", root);
                    text.WatchdogException(e, "CUDA error: an illegal memory access was encountered", root, true);
                    break;
                case CrashKind.DataSegfault:
                case CrashKind.RaceSegfault:
                    PyText.Faulthandler(e, text.PyPrefix, "Segmentation fault", crash.Variant % 2 == 0, Rng.Hash(plan.Key, 44, (ulong)rank), crash.Kind == CrashKind.RaceSegfault, root);
                    break;
                case CrashKind.RaceAbort:
                    e.Add(text.PyPrefix + "free(): double free detected in tcache 2", root);
                    PyText.Faulthandler(e, text.PyPrefix, "Aborted", crash.Variant % 2 == 1, Rng.Hash(plan.Key, 45, (ulong)rank), true, root);
                    break;
                case CrashKind.NanGradNorm:
                    PyText.NanTraceback(e, text.PyPrefix, rank, local, plan.ProcessHost(host), root);
                    break;
                case CrashKind.DeviceAssert:
                    for (var th = 0; th < 4; th++)
                    {
                        e.Add(text.PyPrefix.TrimEnd() + string.Create(Inv, $"/opt/pytorch/pytorch/aten/src/ATen/native/cuda/Indexing.cu:1236: indexSelectLargeIndex: block: [{118 + (crash.Variant * 7)},0,0], thread: [{64 + th},0,0] Assertion `srcIndex < srcSelectDimSize` failed."), th == 0 ? root : null);
                    }

                    PyText.EmbeddingTraceback(e, text.PyPrefix, rt + ": CUDA error: device-side assert triggered", root);
                    text.CudaHints(e, text.PyPrefix);
                    break;
                case CrashKind.GpuLost:
                case CrashKind.GspTimeout:
                    text.WatchdogException(e, "CUDA error: unspecified launch failure", root, true, style == TorchStyle.Classic ? "c10::Error" : "c10::DistBackendError");
                    break;
                case CrashKind.NodeDown:
                    // The node lost power: its processes die without a word.
                    break;
                case CrashKind.EccDbe:
                case CrashKind.EccUncontained:
                    PyText.Traceback(e, text.PyPrefix, crash.Variant + 1, rt + ": CUDA error: uncorrectable ECC error encountered", root, true);
                    text.CudaHints(e, text.PyPrefix);
                    break;
                case CrashKind.StragglerHang:
                    if (style != TorchStyle.Classic)
                    {
                        var hb = crash.Time.AddSeconds(480.3);
                        var ht = new TorchText(style, rank, hb + host.ClockSkew, pid);
                        e = new Entry(hb);
                        e.Add(ht.C10('E', 1316) + ht.PgTag + " Heartbeat monitor timed out! Process will be terminated after dumping debug info. workMetaList_.size()=3");
                        e.Add(ht.C10('E', 1743) + ht.PgTag + " ProcessGroupNCCL's watchdog got stuck for 480 seconds without making progress in monitoring enqueued collectives. This typically indicates a NCCL/CUDA API (e.g., CudaEventDestroy) hang blocking the watchdog, and could be triggered by another thread holding the GIL inside a CUDA api (for example, CudaEventDestroy), or other deadlock-prone behaviors.If you suspect the watchdog is not actually stuck and a longer timeout would help, you can either increase the timeout (TORCH_NCCL_HEARTBEAT_TIMEOUT_SEC) to a larger value or disable the heartbeat monitor (TORCH_NCCL_ENABLE_MONITORING=0).If either of aforementioned helps, feel free to file an issue to PyTorch about the short timeout or false positive abort; otherwise, please attempt to debug the hang.", root);
                        e.Add(ht.C10('E', 1533) + ht.PgTag + " ProcessGroupNCCL preparing to dump debug info. Include stack trace: 1");
                    }

                    break;
                case CrashKind.NetworkError:
                    {
                        var peer = plan.Cluster.Hosts[(host.Index + 1 + (int)(Rng.Hash(plan.Key, 46) % (ulong)Math.Max(1, plan.Cluster.Hosts.Count - 1))) % plan.Cluster.Hosts.Count];
                        e.Add(nccl + string.Create(Inv, $"transport/net_ib.cc:1295 NCCL WARN NET/IB : Got completion from peer {peer.Ip}<{51000 + (rank % 999)}> with status=12 opcode=0 len=0 vendor err 129 (Recv) localGid ::ffff:{host.Ip} remoteGids::ffff:{peer.Ip}"), root);
                        e.Add(nccl + "NCCL INFO transport/net.cc:1137 -> 6");
                        e.Add(nccl + "NCCL INFO proxy.cc:698 -> 6");
                        text.WatchdogException(e, "NCCL error: remote process exited or there was a network error, NCCL version " + a.Versions.Nccl, root, true);
                        break;
                    }

                case CrashKind.HostOom:
                    PyText.DataLoaderKilled(e, text.PyPrefix, OomVictimPid(plan, a, rank), root);
                    break;
                case CrashKind.NcclInternal:
                    e.Add(nccl + "transport/nvls.cc:158 NCCL WARN Cuda failure 1 'invalid argument'", root);
                    e.Add(nccl + "NCCL INFO transport/nvls.cc:350 -> 1");
                    e.Add(nccl + "NCCL INFO enqueue.cc:1981 -> 1");
                    e.Add(text.PyPrefix + "Traceback (most recent call last):", root);
                    e.Add(text.PyPrefix + "  File \"/workspace/megatron/pretrain_gpt.py\", line 241, in <module>");
                    e.Add(text.PyPrefix + "    pretrain(train_valid_test_datasets_provider,");
                    e.Add(text.PyPrefix + "  File \"/workspace/megatron/megatron/core/distributed/param_and_grad_buffer.py\", line 237, in start_grad_sync");
                    e.Add(text.PyPrefix + "    self.communication_handle = torch.distributed.reduce_scatter_tensor(");
                    e.Add(text.PyPrefix + "  File \"/usr/local/lib/python3.10/dist-packages/torch/distributed/distributed_c10d.py\", line 3886, in reduce_scatter_tensor");
                    e.Add(text.PyPrefix + "    work = group._reduce_scatter_base(output, input, opts)");
                    e.Add(text.PyPrefix + "torch.distributed.DistBackendError: NCCL error in: /pytorch/torch/csrc/distributed/c10d/NCCLUtils.hpp:317, internal error - please report this issue to the NCCL developers, NCCL version " + a.Versions.Nccl, root);
                    e.Add(text.PyPrefix + "ncclInternalError: Internal check failed.");
                    e.Add(text.PyPrefix + "Last error:");
                    e.Add(text.PyPrefix + "Cuda failure 1 'invalid argument'", root);
                    break;
            }

            if (e.Lines.Count > 0)
            {
                into.Add(e);
            }

            return;
        }

        // A node taken away takes all its ranks with it.
        if (crash.Kind == CrashKind.NodeDown && crash.FailedRank / plan.Cluster.GpusPerHost == host.Index)
        {
            return;
        }

        // Peers: on a torchrun node the agent kills the failed rank's neighbours first.
        if (crash.FailedRank >= 0 && plan.Layout == LogLayout.PerNode && crash.FailedRank / plan.Cluster.GpusPerHost == host.Index && crash.Kind != CrashKind.StragglerHang)
        {
            return;
        }

        var jitterMs = Rng.Hash(plan.Key, 47, (ulong)rank, (ulong)a.Index) % 900;
        var tw = crash.WatchdogTime.AddMilliseconds(jitterMs + 15);
        var pt = new TorchText(style, rank, tw + host.ClockSkew, pid);
        var w = new Entry(tw);
        pt.Timeout(w, crash.Seq, crash.Op, crash.Numel, 600000 + (long)jitterMs + 15 + (crash.LeadMs % 40), crash.Kind == CrashKind.CollectiveHang ? cause.Root : cause.Collateral);
        into.Add(w);
    }

    /// <summary>The DataLoader worker the OOM killer picks on the failing rank.</summary>
    public static int OomVictimPid(Plan plan, Attempt a, int rank) => plan.Pid(rank, a.Index) + 4001 + (rank % plan.Cluster.GpusPerHost * 13);
}
