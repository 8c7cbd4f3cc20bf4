using Triage.Simulator.Model;

namespace Triage.Simulator.Styles;

/// <summary>
/// The style packs <c>triage simulate --style NAME</c> knows. The line formats each pack writes
/// were taken from the public logs listed in its <see cref="StylePack.Sources"/> (GitHub issue
/// threads and documentation quoting real output). Which packs are held out from tuning is fixed in
/// <c>bench/eval/styles.md</c>.
/// </summary>
internal static class StylePacks
{
    public const string DefaultName = "default";

    private static readonly Versions Torch21 = new("2.1.2", "2.18.6", "12.1", "535.129.03");
    private static readonly Versions Torch24 = new("2.4.1", "2.20.5", "12.4", "550.54.15");
    private static readonly Versions Torch26 = new("2.6.0", "2.21.5", "12.6", "560.35.03");
    private static readonly Versions Torch25 = new("2.5.1", "2.21.5", "12.4", "550.90.07");
    private static readonly Versions Torch28 = new("2.8.0", "2.27.3", "12.8", "570.124.06");

    public static IReadOnlyList<StylePack> All { get; } =
    [
        new StylePack
        {
            Name = DefaultName,
            Summary = "the simulator before style packs: the seed picks srun --label, torchrun per node or one file per rank, a torch/NCCL vintage and host names; run.yaml and a topology list",
        },
        new StylePack
        {
            Name = "slurm-torchrun",
            Summary = "srun --label starting one torchrun per node: one slurm-JOB.out with 'N: ' (the node's task index, not a rank) then torchrun's '[defaultL]:'; torch 2.4 / NCCL 2.20; topology as a mapping keyed by FQDN; manifest iteration/global_rank/timestamp; no run.yaml; processes print FQDNs",
            Launcher = Launcher.SrunTorchrun,
            Versions = Torch24,
            Topology = TopologyShape.MapByHost,
            RunYaml = false,
            Manifest = new ManifestShape("iteration", "global_rank", "timestamp", false, false),
            Hosts = HostNaming.FqdnInProcess,
            HostPrefix = "node-",
            Megatron = true,
            Sources =
            [
                "https://github.com/nebius/soperator/issues/854 (srun -l output '0: worker-2': the label is the task index)",
                "https://github.com/NOAA-EMC/global-workflow/issues/454 (srun -l/--label: 'prepend task number to lines of stdout/err')",
                "https://github.com/pytorch/pytorch/blob/main/torch/distributed/elastic/multiprocessing/__init__.py (tee prefix '[${role_name}${local_rank}]:', role 'default')",
                "https://github.com/hiyouga/LlamaFactory/issues/7396 (torch 2.4 '[rank0]:[E321 02:07:08.408271257 ProcessGroupNCCL.cpp:607] [Rank 0] Watchdog caught ...', '[PG 1 Rank 0] Exception (either an error or timeout) detected by watchdog')",
                "https://github.com/pytorch/pytorch/issues/121209 (ChildFailedError table with an FQDN 'host : vmnuvocinpoc.internal.cloudapp.net')",
            ],
        },
        new StylePack
        {
            Name = "torchrun-plain",
            Summary = "torchrun per node without --tee: workers' lines unprefixed except torch's own '[rankN]:'; torch 2.5 / NCCL 2.21 ('Timeout at NCCL work' shape); topology list; manifest step/rank/time in epoch seconds; no run.yaml; short 'gpuNNN' hosts",
            Launcher = Launcher.TorchrunPlain,
            Versions = Torch25,
            Topology = TopologyShape.List,
            RunYaml = false,
            Manifest = new ManifestShape("step", "rank", "time", true, false),
            HostPrefix = "gpu",
            Megatron = true,
            Sources =
            [
                "https://github.com/NVIDIA/nccl/issues/1504 (torch 2.5 agent glog 'W1106 04:43:02.065000 26021 .../multiprocessing/api.py:897] Sending process 26024 closing signal SIGTERM', '[PG ID 0 PG GUID 0(default_pg) Rank 1] Timeout at NCCL work: 1, last enqueued NCCL work: 1, last completed NCCL work: -1.')",
                "https://github.com/MCG-NJU/MOTIP/issues/52 (torch 2.5 '[rank5]:[E421 01:04:29.139300808 ProcessGroupNCCL.cpp:1834] [PG ID 0 PG GUID 0(default_pg) Rank 5] Timeout at NCCL work: ...' then '[Rank 5] Some NCCL operations have failed or timed out')",
                "https://github.com/deepspeedai/DeepSpeed/issues/7533 (torch 2.6+ ProcessGroupNCCL.cpp:684/698/1899 lines)",
            ],
        },
        new StylePack
        {
            Name = "torchrun-tee",
            Summary = "torchrun per node with --tee 3: '[defaultL]:' on every worker line, torch 2.1 / NCCL 2.18 (no rank in the c10 lines); DeepSpeed iteration lines; topology as CSV; one manifest file per rank (rank in the file name); no run.yaml; 'dgx-NNN' hosts; clock skew up to ~12 s",
            Launcher = Launcher.TorchrunTee,
            Versions = Torch21,
            Topology = TopologyShape.Csv,
            RunYaml = false,
            Manifest = new ManifestShape("step", null, "time", false, false),
            HostPrefix = "dgx-",
            SkewScale = 3,
            Megatron = false,
            Sources =
            [
                "https://github.com/pytorch/pytorch/blob/main/torch/distributed/elastic/multiprocessing/__init__.py (tee prefix '[${role_name}${local_rank}]:')",
                "https://github.com/pytorch/pytorch/issues/118369 (torch 2.1 '[E ProcessGroupNCCL.cpp:475] [Rank 2] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=880, OpType=BROADCAST, ...)')",
                "https://github.com/NVIDIA/nccl/issues/905 (NCCL 2.18 'NCCL WARN NET/IB : Got async event : port error' without the HCA name)",
                "https://github.com/deepspeedai/DeepSpeed/issues/736 (DeepSpeed '[2021-01-31 23:07:46,791] [INFO] [launch.py:...]' logging shape)",
            ],
        },
        new StylePack
        {
            Name = "torchelastic-dirs",
            Summary = "torchrun --log-dir: the agent's log per node and LOGDIR/RUNID/attempt_N/LOCAL_RANK/stderr.log per worker and restart attempt, error.json for a worker that raised; torch 2.8 / NCCL 2.27; Slurm topology.conf; manifest global_step/global_rank/ts (epoch); no run.yaml; FQDNs in process lines",
            Launcher = Launcher.TorchElastic,
            Versions = Torch28,
            Topology = TopologyShape.SlurmConf,
            RunYaml = false,
            Manifest = new ManifestShape("global_step", "global_rank", "ts", true, false),
            Hosts = HostNaming.FqdnInProcess,
            HostPrefix = "node",
            Megatron = true,
            Sources =
            [
                "https://github.com/pytorch/pytorch/pull/120691 (log dir: a subdir per run, per attempt, files stdout.log, stderr.log, error.json)",
                "https://github.com/pytorch/pytorch/pull/160396 ('{local_rank}/error.json', '{local_rank}/stderr.log')",
                "https://github.com/pytorch/pytorch/pull/66182 ('error_file: /home/kiuk/tmp/elastic/none_3_lsytqe/attempt_0/0/error.json', FQDN 'host : devvm4955.prn0.facebook.com')",
                "https://github.com/NVlabs/imaginaire/issues/131 ('Setting worker0 reply file to: /tmp/torchelastic_k4k83su_/none_doq690x_/attempt_0/0/error.json')",
                "https://github.com/pytorch/pytorch/pull/57084 (error file format {\"message\": ..., \"timestamp\": ...})",
                "https://slurm.schedmd.com/topology.conf.html (SwitchName=... Switches=... / Nodes=...)",
                "https://github.com/lsdefine/simple_GRPO/issues/46 and https://github.com/deepspeedai/DeepSpeed/issues/7533 (torch 2.7/2.8 watchdog block: ProcessGroupNCCL.cpp:632, 2268 'failure detected by watchdog', 670 FlightRecorder hint, 684/698, 1899)",
            ],
        },
        new StylePack
        {
            Name = "deepspeed-pdsh",
            Summary = "the deepspeed launcher over pdsh: one launcher log, every line prefixed 'HOST: '; torch 2.4 '[rankN]:'; DeepSpeed iteration lines; no Slurm; topology as CSV; manifest global_step/rank/timestamp (epoch); no run.yaml; 'gpuNNN' hosts; clock skew up to ~16 s",
            Launcher = Launcher.DeepSpeed,
            Versions = Torch24,
            Topology = TopologyShape.Csv,
            RunYaml = false,
            Manifest = new ManifestShape("global_step", "rank", "timestamp", true, false),
            HostPrefix = "gpu",
            SkewScale = 4,
            Megatron = false,
            Sources =
            [
                "https://github.com/hiyouga/LlamaFactory/issues/2470 (pdsh prefix 'gpu003:   File \"/data/vayu/train/...\"')",
                "https://github.com/huggingface/accelerate/issues/1317 (pdsh prefix by address '104.171.201.171: ')",
                "https://github.com/NVIDIA/DeepLearningExamples/issues/1386 (torch 2.4 '[rank2]: torch.distributed.DistBackendError: NCCL error in: ...ProcessGroupNCCL.cpp:2028, ... NCCL version 2.20.5')",
                "https://github.com/deepspeedai/DeepSpeed/issues/736 (launcher '[launch.py:...]' lines)",
            ],
        },
        new StylePack
        {
            Name = "mpirun-tag",
            Summary = "mpirun --tag-output, one process per GPU: one file, '[1,RANK]<stderr>:' or '<stdout>:' on every line; torch 2.8 / NCCL 2.27; Slurm topology.conf; manifest with numeric shard ids; no run.yaml; 'cnNNN' hosts, FQDNs in process lines",
            Launcher = Launcher.Mpirun,
            Versions = Torch28,
            Topology = TopologyShape.SlurmConf,
            RunYaml = false,
            Manifest = new ManifestShape("step", "rank", "time", false, true),
            Hosts = HostNaming.FqdnInProcess,
            HostPrefix = "cn",
            Megatron = true,
            Sources =
            [
                "https://github.com/horovod/horovod/issues/2527 ('[1,0]<stdout>:Step #0\\tLoss: 2.324532'; --tag-output tags '[jobid, MCW_rank]<stdxxx>')",
                "https://github.com/open-mpi/ompi/issues/7710 ('[1,1]<stdout>:Hello, World, I am 1 of 8')",
                "https://github.com/ExaWorks/psij-python/pull/509 (tagged lines '[jobid, rank]<stdxxx>:...')",
                "https://github.com/deepspeedai/DeepSpeed/issues/7533 (torch 2.8 watchdog block)",
            ],
        },
        new StylePack
        {
            Name = "k8s-pytorchjob",
            Summary = "a Kubeflow PyTorchJob: one log per pod JOB-worker-N (torchrun inside, processes print the pod name as host), the nodes' kernel journals apart, 'kubectl get pods -o wide' maps pods to nodes; torch 2.6; no topology, no manifest, no run.yaml, no Slurm",
            Launcher = Launcher.KubernetesPods,
            Versions = Torch26,
            Topology = TopologyShape.None,
            RunYaml = false,
            Manifest = null,
            Hosts = HostNaming.Pod,
            HostPrefix = "gke-a3-pool-",
            Megatron = true,
            Sources =
            [
                "https://github.com/kubeflow/trainer/issues/1509 (pods 'elastic-example-imagenet-2-worker-0', 'kubectl get pods' columns NAME READY STATUS RESTARTS AGE; torchrun inside each pod)",
                "https://github.com/kubeflow/trainer/issues/1916 (without a master replica worker-0 acts as master)",
                "https://github.com/NVIDIA/nccl/issues/1504 (torch 2.5+ agent and watchdog lines)",
            ],
        },
        new StylePack
        {
            Name = "journal-perrank",
            Summary = "srun --output=rank-%t: one unprefixed file per rank, torch 2.1 / NCCL 2.18 (the rank is only in the file name); journalctl exports per host naming the FQDN; manifest one file per rank with ts in epoch seconds; no topology, no run.yaml; clock skew up to ~8 s",
            Launcher = Launcher.PerRankJournal,
            Versions = Torch21,
            Topology = TopologyShape.None,
            RunYaml = false,
            Manifest = new ManifestShape("step", null, "ts", true, false),
            Hosts = HostNaming.FqdnInSystem,
            HostPrefix = "node-",
            SkewScale = 2,
            Megatron = true,
            Sources =
            [
                "https://github.com/ai4d-iasc/trixie/issues/45 (slurmd '[63532.0] error: *** STEP 63532.0 ON cn106 CANCELLED AT 2020-12-14T09:43:55 ***')",
                "https://github.com/pytorch/pytorch/issues/118369 (torch 2.1 watchdog lines without rank prefixes)",
                "https://github.com/NVIDIA/nccl/issues/905 (NCCL 2.18 async event lines)",
            ],
        },
    ];

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    public static StylePack Default => All[0];

    public static StylePack? Find(string name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
