using System.Globalization;
using Triage.Collectors.Lines;

namespace Triage.Collectors.Tests.Lines;

public sealed partial class LineParserTests
{
    // Real lines copied from public issue threads and docs; the source is on each case. "composed" marks
    // lines built from real parts when no thread showed the exact combination.
    private static readonly Dictionary<string, RealLine> RealLines = new()
    {
        ["torch-c10-watchdog"] = new(
            "https://github.com/XPixelGroup/BasicSR/issues/737",
            "[rank1]:[E626 06:24:44.903881913 ProcessGroupNCCL.cpp:616] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=808, OpType=ALLREDUCE, NumelIn=9801523, NumelOut=9801523, Timeout(ms)=600000) ran for 600020 milliseconds before timing out.",
            Reference: "2025-06-27T00:00:00Z",
            Content: "[E626 06:24:44.903881913 ProcessGroupNCCL.cpp:616] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=808, OpType=ALLREDUCE, NumelIn=9801523, NumelOut=9801523, Timeout(ms)=600000) ran for 600020 milliseconds before timing out.",
            Time: "2025-06-26T06:24:44.9038819Z",
            Rank: 1,
            StreamKey: "r1"),
        ["torch-c10-four-digit-month"] = new(
            "https://github.com/hiyouga/LlamaFactory/issues/6269",
            "[rank3]:[E1206 18:44:13.275158817 ProcessGroupNCCL.cpp:607] [Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=7753, OpType=_REDUCE_SCATTER_BASE, NumelIn=544997376, NumelOut=68124672, Timeout(ms)=600000) ran for 600089 milliseconds before timing out.",
            Reference: "2024-12-07T09:00:00Z",
            Content: "[E1206 18:44:13.275158817 ProcessGroupNCCL.cpp:607] [Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=7753, OpType=_REDUCE_SCATTER_BASE, NumelIn=544997376, NumelOut=68124672, Timeout(ms)=600000) ran for 600089 milliseconds before timing out.",
            Time: "2024-12-06T18:44:13.2751588Z",
            Rank: 3,
            StreamKey: "r3"),
        ["ray-rank-c10-without-time"] = new(
            "https://github.com/vllm-project/vllm/issues/6042",
            "(RayWorkerWrapper pid=4009) [rank1]:[E ProcessGroupNCCL.cpp:563] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=158046, OpType=GATHER, NumelIn=2867200, NumelOut=0, Timeout(ms)=600000) ran for 600027 milliseconds before timing out.",
            Reference: "2024-07-05T00:00:00Z",
            Content: "[E ProcessGroupNCCL.cpp:563] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=158046, OpType=GATHER, NumelIn=2867200, NumelOut=0, Timeout(ms)=600000) ran for 600027 milliseconds before timing out.",
            Rank: 1,
            Pid: 4009,
            StreamKey: "r1/p4009"),
        ["ray-in-colour"] = new(
            "https://github.com/vllm-project/vllm/issues/6042 (the first line of the paste, with the escape byte the paste lost)",
            "\u001b[36m(RayWorkerWrapper pid=4009) [rank1]:[E ProcessGroupNCCL.cpp:563] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=158046, OpType=GATHER, NumelIn=2867200, NumelOut=0, Timeout(ms)=600000) ran for 600027 milliseconds before timing out.",
            Reference: "2024-07-05T00:00:00Z",
            Content: "[E ProcessGroupNCCL.cpp:563] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=158046, OpType=GATHER, NumelIn=2867200, NumelOut=0, Timeout(ms)=600000) ran for 600027 milliseconds before timing out.",
            Rank: 1,
            Pid: 4009,
            StreamKey: "r1/p4009"),
        ["torch-rank-python-logging"] = new(
            "https://github.com/pytorch/pytorch/issues/117383",
            "[rank1]:[2024-01-16 22:29:36,221] [0/0] torch._dynamo.symbolic_convert: [DEBUG] TRACE CALL_FUNCTION 0 [UserMethodVariable(<function DistributedDataParallel._lazy_init at 0x7f5c5600b880>, UnspecializedNNModuleVariable(DistributedDataParallel))]",
            Reference: "2024-01-17T00:00:00Z",
            Content: "[2024-01-16 22:29:36,221] [0/0] torch._dynamo.symbolic_convert: [DEBUG] TRACE CALL_FUNCTION 0 [UserMethodVariable(<function DistributedDataParallel._lazy_init at 0x7f5c5600b880>, UnspecializedNNModuleVariable(DistributedDataParallel))]",
            Time: "2024-01-16T22:29:36.221Z",
            Rank: 1,
            StreamKey: "r1"),
        ["torchrun-tee-local-rank"] = new(
            "https://github.com/rwth-i6/i6_core/pull/658",
            "[default3]:ep 55 train, step 1347, ce 0.355, ctc_4 1.038, ctc_10 0.790, ctc_16 0.729, grad_norm:p2 3.388, num_seqs 26, max_size:time 306560, max_size:aug_spatial 143, mem_usage:cuda:3 66.8GB, 0.838 sec/step, elapsed 0:16:59, exp. remaining 0:04:53, complete 77.63%",
            Reference: "2026-06-10T00:00:00Z",
            Content: "ep 55 train, step 1347, ce 0.355, ctc_4 1.038, ctc_10 0.790, ctc_16 0.729, grad_norm:p2 3.388, num_seqs 26, max_size:time 306560, max_size:aug_spatial 143, mem_usage:cuda:3 66.8GB, 0.838 sec/step, elapsed 0:16:59, exp. remaining 0:04:53, complete 77.63%",
            LocalRank: 3,
            StreamKey: "l3"),
        ["torchrun-tee-rank-traceback"] = new(
            "public GitHub file (FlagScale MemRift bisect status, 'Error Signals'), line numbers of the grep removed",
            "[default0]:[rank0]:     raise RuntimeError(",
            Reference: "2026-06-03T00:00:00Z",
            Content: "    raise RuntimeError(",
            Rank: 0,
            LocalRank: 0,
            StreamKey: "l0/r0"),
        ["srun-label-with-rank-in-message"] = new(
            "https://github.com/awslabs/awsome-distributed-ai/pull/1039",
            "1: [RANK 5] Epoch 0 | Batchsize: 32 | Steps: 235 | Loss: 0.261846293271222",
            Reference: "2026-01-01T00:00:00Z",
            Content: "[RANK 5] Epoch 0 | Batchsize: 32 | Steps: 235 | Loss: 0.261846293271222",
            StreamKey: "t1"),
        ["nccl-info"] = new(
            "https://github.com/huggingface/accelerate/issues/2246",
            "qgpu2008:35184:35221 [1] NCCL INFO comm 0x555bcd30 rank 1 nranks 8 cudaDev 1 nvmlDev 1 busId 4b000 commId 0x26b3ece72ee71028 - Init START",
            Reference: "2023-12-12T00:00:00Z",
            Content: "NCCL INFO comm 0x555bcd30 rank 1 nranks 8 cudaDev 1 nvmlDev 1 busId 4b000 commId 0x26b3ece72ee71028 - Init START",
            Host: "qgpu2008",
            Gpu: 1,
            Pid: 35184,
            StreamKey: "qgpu2008/p35184"),
        ["nccl-warn-with-source-location"] = new(
            "https://github.com/NVIDIA/nccl/issues/367",
            "26a46eb2b1d3:111329:111329 [0] misc/ibvwrap.cc:63 NCCL WARN Failed to open libibverbs.so[.1]",
            Reference: "2020-07-01T00:00:00Z",
            Content: "misc/ibvwrap.cc:63 NCCL WARN Failed to open libibverbs.so[.1]",
            Host: "26a46eb2b1d3",
            Gpu: 0,
            Pid: 111329,
            StreamKey: "26a46eb2b1d3/p111329"),
        ["nccl-debug-timestamp"] = new(
            "composed: the stamp and prefix from the NCCL user guide (Troubleshooting > Logging), the message from https://github.com/NVIDIA/nccl/issues/1814",
            "[2026-05-05 06:16:47] node-01:189884:189884 [3] NCCL INFO Bootstrap : Using bond0:172.36.134.184<0>",
            Reference: "2026-05-06T00:00:00Z",
            Content: "NCCL INFO Bootstrap : Using bond0:172.36.134.184<0>",
            Time: "2026-05-05T06:16:47Z",
            Host: "node-01",
            Gpu: 3,
            Pid: 189884,
            StreamKey: "node-01/p189884"),
        ["syslog-kernel"] = new(
            "https://github.com/leptonai/gpud/pull/1209",
            "Feb 14 05:03:41 000-000-00000-1-gpu-1 kernel: mlx5_core 0000:ab:00.0 mlx5_5: Port: 1 Link INIT",
            Reference: "2026-02-14T06:00:00Z",
            Content: "mlx5_core 0000:ab:00.0 mlx5_5: Port: 1 Link INIT",
            Time: "2026-02-14T05:03:41Z",
            Host: "000-000-00000-1-gpu-1",
            StreamKey: "000-000-00000-1-gpu-1/kernel"),
        ["syslog-kernel-with-uptime"] = new(
            "https://github.com/ROCm/hip/issues/15",
            "Mar 24 11:53:43 pandemonium kernel: [   13.312533] BUG: unable to handle kernel NULL pointer dereference at 0000000000000010",
            Reference: "2016-03-24T12:00:00Z",
            Content: "BUG: unable to handle kernel NULL pointer dereference at 0000000000000010",
            Time: "2016-03-24T11:53:43Z",
            Host: "pandemonium",
            Uptime: 13.312533,
            StreamKey: "pandemonium/kernel"),
        ["syslog-tag-pid-klog"] = new(
            "https://github.com/kubernetes/kubernetes/issues/132001",
            "May 28 16:05:50 192-168-250-5 kubelet[2269385]: I0528 16:05:50.514706 2269385 eviction_manager.go:405] \"Eviction manager: pods ranked for eviction\" pods=[\"sre/infras-logstash-d484d57fc-rkx95\",\"sre/admin-api-server-847868d7b-7sqdm\",\"scrm/portal-h5-7c46694b8f-bkz95\"]",
            Reference: "2025-05-28T17:00:00Z",
            Content: "I0528 16:05:50.514706 2269385 eviction_manager.go:405] \"Eviction manager: pods ranked for eviction\" pods=[\"sre/infras-logstash-d484d57fc-rkx95\",\"sre/admin-api-server-847868d7b-7sqdm\",\"scrm/portal-h5-7c46694b8f-bkz95\"]",
            Time: "2025-05-28T16:05:50Z",
            Host: "192-168-250-5",
            Pid: 2269385,
            StreamKey: "192-168-250-5/kubelet/p2269385"),
        ["journal-short-precise"] = new(
            "https://github.com/harvester/harvester/issues/6043",
            "Jun 19 10:33:53.477371 harvester-node-1 kernel: loop2: detected capacity change from 0 to 2097152",
            Reference: "2024-06-20T00:00:00Z",
            Content: "loop2: detected capacity change from 0 to 2097152",
            Time: "2024-06-19T10:33:53.477371Z",
            Host: "harvester-node-1",
            StreamKey: "harvester-node-1/kernel"),
        ["journal-short-iso"] = new(
            "https://github.com/systemd/systemd/pull/29134",
            "2023-09-08T17:20:30+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.",
            Reference: "2023-09-09T00:00:00Z",
            Content: "Highest drive temperature: 43 Celcius.",
            Time: "2023-09-08T15:20:30Z",
            Host: "tarta",
            Pid: 20911,
            StreamKey: "tarta/r710_fan_controller.sh/p20911"),
        ["journal-short-iso-precise"] = new(
            "https://github.com/systemd/systemd/pull/29134",
            "2023-09-08T17:20:47.560211+0200 tarta r710_fan_controller.sh[20911]: Changing to fan level 4.",
            Reference: "2023-09-09T00:00:00Z",
            Content: "Changing to fan level 4.",
            Time: "2023-09-08T15:20:47.560211Z",
            Host: "tarta",
            Pid: 20911,
            StreamKey: "tarta/r710_fan_controller.sh/p20911"),
        ["rsyslog-high-precision"] = new(
            "https://github.com/log2timeline/plaso/issues/3002",
            "2020-05-31T00:00:45.738158+00:00 localhost systemd[1]: Reloaded System Logging Service.",
            Reference: "2020-06-04T00:00:00Z",
            Content: "Reloaded System Logging Service.",
            Time: "2020-05-31T00:00:45.738158Z",
            Host: "localhost",
            Pid: 1,
            StreamKey: "localhost/systemd/p1"),
        ["rsyslog-offset-and-slash-tag"] = new(
            "https://github.com/eldy/AWStats/issues/200",
            "2021-03-13T12:04:09.755361+01:00 cx20-2 postfix/pickup[7274]: B83DE2400BE: uid=30 from=<wwwrun>",
            Reference: "2021-03-16T00:00:00Z",
            Content: "B83DE2400BE: uid=30 from=<wwwrun>",
            Time: "2021-03-13T11:04:09.755361Z",
            Host: "cx20-2",
            Pid: 7274,
            StreamKey: "cx20-2/postfix/pickup/p7274"),
        ["rfc5424-kernel-with-uptime"] = new(
            "https://github.com/rsyslog/rsyslog/issues/5160",
            "2023-06-21T10:09:55.693976+02:00 kiwi kernel - - - [1154069.463446] [IPTABLES DROP]: IN=venet0 OUT= MAC=<snip>",
            Reference: "2023-06-21T12:00:00Z",
            Content: "[IPTABLES DROP]: IN=venet0 OUT= MAC=<snip>",
            Time: "2023-06-21T08:09:55.693976Z",
            Host: "kiwi",
            Uptime: 1154069.463446,
            StreamKey: "kiwi/kernel"),
        ["syslog-forwarded-with-priority"] = new(
            "https://github.com/squeeks/glossy/issues/13",
            "<15>2014-03-14T03:03:01.219558+02:00 host user: test 123",
            Reference: "2014-03-14T12:00:00Z",
            Content: "test 123",
            Time: "2014-03-14T01:03:01.219558Z",
            Host: "host",
            StreamKey: "host/user"),
        ["dmesg-uptime"] = new(
            "https://github.com/NVIDIA/NVSentinel/issues/155",
            "[ 1843.308145] NVRM: The NVIDIA GPU 0000:b3:00.0",
            Reference: "2025-10-25T00:00:00Z",
            Content: "NVRM: The NVIDIA GPU 0000:b3:00.0",
            Uptime: 1843.308145),
        ["dmesg-ctime"] = new(
            "https://github.com/leptonai/gpud/pull/46",
            "[Fri Aug 30 11:43:09 2024] NVRM: Xid (PCI:0000:cb:00): 13, pid='<unknown>', name=<unknown>, Graphics SM Warp Exception on (GPC 7, TPC 7, SM 0): Illegal Instruction Parameter",
            Reference: "2024-09-02T00:00:00Z",
            Content: "NVRM: Xid (PCI:0000:cb:00): 13, pid='<unknown>', name=<unknown>, Graphics SM Warp Exception on (GPC 7, TPC 7, SM 0): Illegal Instruction Parameter",
            Time: "2024-08-30T11:43:09Z"),
        ["dmesg-ctime-padded-day"] = new(
            "https://github.com/akash-network/support/issues/244",
            "[Mon Aug  5 03:54:13 2024] NVRM: Xid (PCI:0000:00:07): 31, pid=2512125, name=python3.10, Ch 00000008, intr 00000000. MMU Fault: ENGINE GRAPHICS GPCCLIENT_T1_8 faulted @ 0x73ac_1c000000. Fault is of type FAULT_PDE ACCESS_TYPE_VIRT_WRITE",
            Reference: "2024-08-10T00:00:00Z",
            Content: "NVRM: Xid (PCI:0000:00:07): 31, pid=2512125, name=python3.10, Ch 00000008, intr 00000000. MMU Fault: ENGINE GRAPHICS GPCCLIENT_T1_8 faulted @ 0x73ac_1c000000. Fault is of type FAULT_PDE ACCESS_TYPE_VIRT_WRITE",
            Time: "2024-08-05T03:54:13Z"),
        ["glog-torchrun-agent"] = new(
            "https://github.com/pytorch/pytorch/issues/150916",
            "W0409 07:28:49.530000 1359 torch/distributed/elastic/agent/server/api.py:719] Received 15 death signal, shutting down workers",
            Reference: "2025-04-10T00:00:00Z",
            Content: "W0409 07:28:49.530000 1359 torch/distributed/elastic/agent/server/api.py:719] Received 15 death signal, shutting down workers",
            Time: "2025-04-09T07:28:49.53Z",
            Pid: 1359),
        ["python-elastic-bracketed"] = new(
            "https://github.com/aws-samples/amazon-eks-machine-learning-with-terraform-and-kubeflow/issues/93",
            "[2024-04-10 16:02:56,193] torch.distributed.elastic.multiprocessing.api: [WARNING] Sending process 270 closing signal SIGTERM",
            Reference: "2024-04-11T00:00:00Z",
            Content: "[2024-04-10 16:02:56,193] torch.distributed.elastic.multiprocessing.api: [WARNING] Sending process 270 closing signal SIGTERM",
            Time: "2024-04-10T16:02:56.193Z"),
        ["python-hydra"] = new(
            "https://github.com/MCG-NJU/RTD-Action/issues/31",
            "[2024-02-22 19:20:22,163][torch.nn.parallel.distributed][INFO] - Reducer buckets have been rebuilt in this iteration.",
            Reference: "2024-02-23T00:00:00Z",
            Content: "[2024-02-22 19:20:22,163][torch.nn.parallel.distributed][INFO] - Reducer buckets have been rebuilt in this iteration.",
            Time: "2024-02-22T19:20:22.163Z"),
        ["python-asctime-dash"] = new(
            "public GitHub README example (Modbus RTU tool, 'Example Output'), found by code search",
            "2025-07-30 16:00:15,123 - INFO - Initializing Modbus RTU client on /dev/ttyACM0",
            Reference: "2025-07-31T00:00:00Z",
            Content: "2025-07-30 16:00:15,123 - INFO - Initializing Modbus RTU client on /dev/ttyACM0",
            Time: "2025-07-30T16:00:15.123Z"),
        ["python-loguru"] = new(
            "public GitHub README example (Gemini Slack bot log section), found by code search",
            "2024-11-16 10:00:00.234 | INFO     | bot:setup | Socket Modeでボットを起動",
            Reference: "2024-11-17T00:00:00Z",
            Content: "2024-11-16 10:00:00.234 | INFO     | bot:setup | Socket Modeでボットを起動",
            Time: "2024-11-16T10:00:00.234Z"),
        ["python-level-first"] = new(
            "https://github.com/facebookresearch/vissl/issues/480",
            "INFO 2021-12-02 18:52:05,682 trainer_main.py: 112: Using Distributed init method: tcp://localhost:33241, world_size: 1, rank: 0",
            Reference: "2021-12-03T00:00:00Z",
            Content: "INFO 2021-12-02 18:52:05,682 trainer_main.py: 112: Using Distributed init method: tcp://localhost:33241, world_size: 1, rank: 0",
            Time: "2021-12-02T18:52:05.682Z"),
        ["iso-bracketed-shipper"] = new(
            "https://github.com/determined-ai/determined/issues/8915",
            "[2024-02-27T21:35:32.106313Z] fa88a9df || WARNING: torch.distributed.elastic.agent.server.api:Received 15 death signal, shutting down workers",
            Reference: "2024-02-28T00:00:00Z",
            Content: "[2024-02-27T21:35:32.106313Z] fa88a9df || WARNING: torch.distributed.elastic.agent.server.api:Received 15 death signal, shutting down workers",
            Time: "2024-02-27T21:35:32.106313Z"),
        ["kubectl-describe-event"] = new(
            "https://github.com/kubernetes/kubernetes/issues/91600",
            "  Warning  Evicted         18m                kubelet, mgt04     The node was low on resource: ephemeral-storage. Container calico-node was using 92Ki, which exceeds its request of 0.",
            Reference: "2020-05-30T00:00:00Z",
            Content: "  Warning  Evicted         18m                kubelet, mgt04     The node was low on resource: ephemeral-storage. Container calico-node was using 92Ki, which exceeds its request of 0."),
    };

    public static TheoryData<string> RealLineNames => new(RealLines.Keys);

    [Theory]
    [MemberData(nameof(RealLineNames))]
    public void Parse_RealLine_ReadsWhoAndWhen(string name)
    {
        // Arrange
        var expected = RealLines[name];
        var parser = new LineParser(ParseTime(expected.Reference));

        // Act
        var info = parser.Parse(expected.Line);

        // Assert
        Assert.Equal(expected.Content, expected.Line[info.ContentStart..]);
        Assert.Equal(expected.Time is null ? null : ParseTime(expected.Time), info.Timestamp);
        Assert.Equal(TimeSpan.Zero, info.Timestamp?.Offset ?? TimeSpan.Zero);
        Assert.Equal(expected.Host, info.Host);
        Assert.Equal(expected.Rank, info.Rank);
        Assert.Equal(expected.LocalRank, info.LocalRank);
        Assert.Equal(expected.Gpu, info.Gpu);
        Assert.Equal(expected.Pid, info.Pid);
        Assert.Equal(expected.Uptime, info.UptimeSeconds);
        Assert.Equal(expected.StreamKey, info.StreamKey);
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>One real line and what it says.</summary>
    public sealed record RealLine(
        string Source,
        string Line,
        string Reference,
        string Content,
        string? Time = null,
        string? Host = null,
        int? Rank = null,
        int? LocalRank = null,
        int? Gpu = null,
        int? Pid = null,
        double? Uptime = null,
        string StreamKey = "");
}
