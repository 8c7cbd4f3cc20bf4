using System.Globalization;
using Triage.Hypotheses;
using Triage.Simulator.Model;
using Triage.Simulator.Randomness;
using Triage.Symptoms;

namespace Triage.Simulator.Scenarios;

/// <summary>The fault library: what each scenario injects.</summary>
internal static class ScenarioCatalog
{
    public static readonly string[] Names = ["torch-sum", "gpu-lost", "ecc", "ib-flap", "straggler", "host-oom", "race", "regression", "two-causes", "unknown-msg",
        "host-maintenance", "sdc", "thermal", "nic-failure", "gsp-timeout"];

    public static ScenarioSpec Build(string name, Rng rng, Cluster cluster, int ranks, double hours, ShardModel shards, Versions versions)
    {
        var spec = new ScenarioSpec();
        var g = cluster.GpusPerHost;
        var incidents = Math.Clamp((int)Math.Round(hours * 1.1), 1, 8);
        switch (name)
        {
            case "torch-sum":
                DataBug(spec, rng, ranks, shards, "torch-sum", "web-", Math.Clamp((int)Math.Round(hours * 1.8), 2, 10), hours,
                    [CrashKind.IllegalAccessTraceback, CrashKind.IllegalAccessWatchdog, CrashKind.IllegalAccessTraceback, CrashKind.DataSegfault, CrashKind.NanGradNorm]);
                break;
            case "gpu-lost":
                {
                    var rank = rng.Next(ranks);
                    var cause = Hardware(spec, "gpu-lost", "gpu-lost", cluster, rank,
                        string.Create(CultureInfo.InvariantCulture, $"GPU {rank % g} of {cluster.HostOfRank(rank).Name} fell off the bus (Xid 79); its rank died and every peer timed out in the same collective"));
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.GpuLost, rng.Between(0.55, 0.8), rank, 0) { Terminal = true });
                    break;
                }

            case "ecc":
                Ecc(spec, rng, cluster, ranks, "ecc");
                break;
            case "straggler":
                {
                    var rank = rng.Next(ranks);
                    var cause = Hardware(spec, "straggler", "straggler", cluster, rank,
                        string.Create(CultureInfo.InvariantCulture, $"GPU {rank % g} of {cluster.HostOfRank(rank).Name} throttled: rank {rank}'s step time rose for an hour, then it stopped making progress and its peers timed out"));
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.StragglerHang, rng.Between(0.6, 0.85), rank, 0));
                    break;
                }

            case "ib-flap":
                {
                    var leafHost = cluster.Hosts[rng.Next(cluster.Hosts.Count)];
                    var leaf = leafHost.Switch;
                    var cause = new Cause("ib-flap", "ib-flap", SymptomCategory.Network, [[new Factor("switch", leaf)]])
                    {
                        Summary = $"InfiniBand leaf switch {leaf} flapped: links of every host behind it went down and up; long outages broke NCCL connections and crashed the job",
                    };
                    spec.Causes.Add(cause);
                    var behind = cluster.BehindSwitch(leaf).ToArray();
                    foreach (var h in behind)
                    {
                        spec.KeepHosts.Add(h.Index);
                    }

                    var flaps = Math.Clamp(incidents + 2, 3, 7);
                    var crashes = hours >= 3 ? 2 : 1;
                    for (var i = 0; i < flaps; i++)
                    {
                        var at = (i + rng.Between(0.2, 0.8)) / flaps;
                        if (i % (flaps / crashes) == flaps / crashes - 1 && crashes > 0)
                        {
                            crashes--;
                            var host = rng.Pick(behind);
                            spec.Crashes.Add(new CrashRequest(cause, CrashKind.NetworkError, at, (host.Index * g) + rng.Next(g), 0) { Switch = leaf });
                        }
                        else
                        {
                            spec.Events.Add((at, new SideEvent(SideKind.LinkFlap, default, cause.Root) { Switch = leaf, Seconds = rng.Between(1.5, 9.0) }));
                        }
                    }

                    break;
                }

            case "host-oom":
                {
                    var host = cluster.Hosts[rng.Next(cluster.Hosts.Count)];
                    var cause = new Cause("host-oom", "host-oom", SymptomCategory.Resource, [[new Factor("host", host.Name)]])
                    {
                        Summary = $"Host memory leak in the DataLoader workers on {host.Name}: the OOM killer killed a worker, the trainer raised and the job went down, again after each restart while the leak grew",
                    };
                    spec.Causes.Add(cause);
                    spec.KeepHosts.Add(host.Index);
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.HostOom, rng.Between(0.4, 0.5), (host.Index * g) + rng.Next(g), 0));
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.HostOom, rng.Between(0.82, 0.92), (host.Index * g) + rng.Next(g), 1));
                    break;
                }

            case "race":
                {
                    var cause = new Cause("race", "race", SymptomCategory.Software, [[Factor.Spread]])
                    {
                        Summary = "A rare race condition in the training code's background threads: crashes on random ranks, independent of data, host and step",
                    };
                    spec.Causes.Add(cause);
                    var n = Math.Clamp(incidents, 2, 6);
                    for (var i = 0; i < n; i++)
                    {
                        var rank = rng.Next(ranks);
                        spec.KeepHosts.Add(rank / g);
                        spec.Crashes.Add(new CrashRequest(cause, rng.Chance(0.6) ? CrashKind.RaceSegfault : CrashKind.RaceAbort, (i + rng.Between(0.25, 0.75)) / n, rank, rng.Next(3)));
                    }

                    break;
                }

            case "regression":
                {
                    var next = NextNccl(versions.Nccl);
                    var cause = new Cause("regression", "regression", SymptomCategory.Software, [[new Factor("nccl_version", next)]])
                    {
                        Summary = $"NCCL {next}, picked up by a container update at a requeue, has a regression: after that restart collectives fail or hang on random ranks",
                    };
                    spec.Causes.Add(cause);
                    var upgrade = rng.Between(0.28, 0.4);
                    spec.UpgradeAt = upgrade;
                    spec.UpgradeKey = "nccl_version";
                    spec.UpgradeValue = next;
                    var n = Math.Clamp(incidents - 1, 2, 5);
                    for (var i = 0; i < n; i++)
                    {
                        var at = upgrade + ((1 - upgrade) * (i + rng.Between(0.3, 0.7)) / n);
                        var rank = rng.Next(ranks);
                        spec.KeepHosts.Add(rank / g);
                        spec.Crashes.Add(new CrashRequest(cause, i % 3 == 1 ? CrashKind.CollectiveHang : CrashKind.NcclInternal, at, rank, rng.Next(2)));
                    }

                    break;
                }

            case "unknown-msg":
                {
                    var cause = new Cause("unknown-msg", "unknown-msg", SymptomCategory.Software, [[new Factor("template", Output.UnknownMessage.TemplateId)]])
                    {
                        Summary = "The checkpoint-store client lost its leases on most ranks at once (an error no rule knows: 'ckptfs: lease renewal failed ...'); ranks served stale pages, one hung in a collective and the watchdog took the job down",
                    };
                    spec.Causes.Add(cause);
                    var at = rng.Between(0.45, 0.6);
                    spec.Events.Add((at, new SideEvent(SideKind.UnknownMessage, default, cause.Root)));
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.CollectiveHang, at + 0.02, rng.Next(ranks), 0) { Terminal = true });
                    break;
                }

            case "two-causes":
                Ecc(spec, rng, cluster, ranks, "ecc");
                DataBug(spec, rng, ranks, shards, "data-shard", "code-", Math.Clamp(incidents - 1, 2, 4), hours, [CrashKind.DeviceAssert]);
                break;
            // The interruption classes of the Llama 3 405B report (Table 5) the library lacked. Where their lines come from:
            // host-maintenance: 'salloc: error: Node failure on worker-1' (https://github.com/nebius/soperator/issues/854), the
            //   'sinfo -R' columns REASON USER TIMESTAMP NODELIST (https://github.com/awslabs/awsome-distributed-ai/issues/185);
            // sdc: Megatron-core's result validation messages, verbatim formats of megatron/core/rerun_state_machine.py
            //   (https://github.com/NVIDIA/Megatron-LM/blob/main/megatron/core/rerun_state_machine.py);
            // thermal: 'nvidia-smi -q' Clocks Event Reasons (https://github.com/mlfoundations/open_clip/issues/703,
            //   https://github.com/kubeflow/kubeflow/issues/68);
            // nic-failure: 'mlx5_core 0000:0b:00.1: Port module event: module 1, Cable unplugged' (linux
            //   drivers/net/ethernet/mellanox/mlx5/core/events.c; quoted on LKML and https://jishuzhan.net/article/1911252493641777153),
            //   'NCCL WARN NET/IB : mlx5_0:1 Got async event : ...' (https://github.com/NVIDIA/nccl/issues/1710);
            // gsp-timeout: 'NVRM: Xid (PCI:0000:65:00): 119, pid='N/A', Timeout waiting for RPC from GSP'
            //   (https://plexus.company/guides/gpu-xid-errors/119), Xid 154 'GPU recovery action changed from 0x0 (None) to 0x1
            //   (GPU Reset Required)' (https://forums.developer.nvidia.com/t/xid-62-xid-154-gsp-pmu-halt-crash-on-rtx-pro-6000-blackwell-during-llm-inference/364958).
            case "host-maintenance":
                {
                    var rank = rng.Next(ranks);
                    var host = cluster.HostOfRank(rank);
                    var cause = new Cause("host-maintenance", "host-maintenance", SymptomCategory.Hardware, [[new Factor("host", host.Name)]])
                    {
                        Summary = $"{host.Name} was taken out of service for unplanned maintenance (drained and powered off): its ranks vanished without an error, Slurm reported a node failure and every peer timed out in the same collective",
                    };
                    spec.Causes.Add(cause);
                    spec.KeepHosts.Add(host.Index);
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.NodeDown, rng.Between(0.55, 0.8), rank, 0) { Terminal = true });
                    break;
                }

            case "sdc":
                {
                    var rank = rng.Next(ranks);
                    var cause = Hardware(spec, "sdc", "sdc", cluster, rank,
                        string.Create(CultureInfo.InvariantCulture, $"GPU {rank % g} of {cluster.HostOfRank(rank).Name} silently corrupts results: loss spikes with no crash, each flagged by Megatron's result validation on rank {rank} (device {rank % g}) and not reproducible on rerun"));
                    var n = Math.Clamp((int)Math.Round(hours * 1.5), 2, 8);
                    for (var i = 0; i < n; i++)
                    {
                        spec.Events.Add(((i + rng.Between(0.2, 0.8)) / n, new SideEvent(SideKind.SdcSpike, default, cause.Root) { Rank = rank, Variant = rng.Next(1000) }));
                    }

                    break;
                }

            case "thermal":
                {
                    var rank = rng.Next(ranks);
                    var cause = Hardware(spec, "thermal", "thermal", cluster, rank,
                        string.Create(CultureInfo.InvariantCulture, $"GPU {rank % g} of {cluster.HostOfRank(rank).Name} throttles (HW thermal slowdown): rank {rank}'s compute time rose by half and the whole job ran at its pace; nothing crashed"));
                    spec.Throttle = (rank, rng.Between(0.3, 0.5), cause);
                    break;
                }

            case "nic-failure":
                {
                    var rank = rng.Next(ranks);
                    var host = cluster.HostOfRank(rank);
                    var port = rank % g / 2 % Cluster.NicBus.Length;
                    var cause = new Cause("nic-failure", "nic-failure", SymptomCategory.Network, [[new Factor("host", host.Name)]])
                    {
                        Summary = $"A ConnectX port of {host.Name} lost its link (cable/transceiver): NCCL on that host's ranks got IB completion errors and the job crashed, again after the restart",
                    };
                    spec.Causes.Add(cause);
                    spec.KeepHosts.Add(host.Index);
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.NetworkError, rng.Between(0.3, 0.45), rank, 0) { NicPort = port });
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.NetworkError, rng.Between(0.7, 0.85), rank, 1) { NicPort = port, Terminal = true });
                    break;
                }

            case "gsp-timeout":
                {
                    var rank = rng.Next(ranks);
                    var cause = Hardware(spec, "gsp-timeout", "gsp-timeout", cluster, rank,
                        string.Create(CultureInfo.InvariantCulture, $"The GSP firmware of GPU {rank % g} of {cluster.HostOfRank(rank).Name} stopped answering (Xid 119, then Xid 154: reset required); its rank's CUDA calls failed and every peer timed out"));
                    spec.Crashes.Add(new CrashRequest(cause, CrashKind.GspTimeout, rng.Between(0.55, 0.8), rank, 0) { Terminal = true });
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario");
        }

        return spec;
    }

    private static void DataBug(ScenarioSpec spec, Rng rng, int ranks, ShardModel shards, string id, string prefix, int n, double hours, CrashKind[] kinds)
    {
        var bad = shards.Pick(rng, prefix);
        var cause = new Cause(id, id == "torch-sum" ? "torch-sum" : "two-causes", SymptomCategory.Software, [[new Factor("data_shard", bad)]])
        {
            Summary = id == "torch-sum"
                ? $"A rare data-dependent bug in a reduction kernel (torch.sum), triggered only by batches from shard {bad}: illegal memory accesses at different ops, segfaults, NaN losses and spikes on random ranks, each with its cascade"
                : $"Shard {bad} holds token ids beyond the vocabulary: the embedding lookup's device-side assert fires on whichever rank reads a bad batch",
        };
        spec.Causes.Add(cause);
        for (var i = 0; i < n; i++)
        {
            var kind = i == 0 ? kinds[0] : rng.Pick(kinds);
            var rank = rng.Next(ranks);
            spec.Crashes.Add(new CrashRequest(cause, kind, (i + rng.Between(0.2, 0.8)) / n, rank, rng.Next(4)) { Shard = bad });
        }

        if (id == "torch-sum")
        {
            var extra = Math.Clamp((int)Math.Round(hours * 0.8), 1, 6);
            for (var i = 0; i < extra; i++)
            {
                var kind = i % 2 == 0 ? SideKind.NanStep : SideKind.LossSpike;
                spec.Events.Add((rng.Between(0.05, 0.95), new SideEvent(kind, default, cause.Root) { Rank = rng.Next(ranks) }));
            }
        }
    }

    private static void Ecc(ScenarioSpec spec, Rng rng, Cluster cluster, int ranks, string id)
    {
        var rank = rng.Next(ranks);
        var host = cluster.HostOfRank(rank);
        var cause = Hardware(spec, id, "ecc", cluster, rank,
            string.Create(CultureInfo.InvariantCulture, $"GPU {rank % cluster.GpusPerHost} of {host.Name} has failing HBM: a double-bit ECC error, then an uncontained ECC error and a row-remap failure; each killed its rank"));
        spec.Crashes.Add(new CrashRequest(cause, CrashKind.EccDbe, rng.Between(0.25, 0.4), rank, 0));
        spec.Crashes.Add(new CrashRequest(cause, CrashKind.EccUncontained, rng.Between(0.7, 0.85), rank, 1));
    }

    private static Cause Hardware(ScenarioSpec spec, string id, string scenario, Cluster cluster, int rank, string summary)
    {
        var host = cluster.HostOfRank(rank);
        var cause = new Cause(id, scenario, SymptomCategory.Hardware, [[new Factor("host", host.Name), new Factor("gpu", (rank % cluster.GpusPerHost).ToString(CultureInfo.InvariantCulture))]])
        {
            Summary = summary,
        };
        spec.Causes.Add(cause);
        spec.KeepHosts.Add(host.Index);
        return cause;
    }

    private static string NextNccl(string nccl) => nccl switch
    {
        "2.18.6" => "2.19.3",
        "2.20.5" => "2.21.5",
        _ => "2.23.4",
    };
}
