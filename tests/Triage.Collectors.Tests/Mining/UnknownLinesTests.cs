using Triage.Collectors.Lines;
using Triage.Collectors.Mining;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Mining;

/// <summary>
/// An unknown line's severity comes from its own level before any failure word (issue 16). Lines are
/// verbatim from the public threads on each case (they are also in tests/data/real-lines); "issue 16
/// shape" marks the issue's own paraphrased examples where no public copy was found.
/// </summary>
public sealed class UnknownLinesTests
{
    public static TheoryData<string, string> NotFailures => new()
    {
        // https://github.com/NVIDIA/nccl/issues/1528: NCCL INFO outranks "Failed".
        { "NCCL INFO NET/Plugin: Failed to find ncclNetPlugin_v8 symbol.", "nccl-info" },
        // https://github.com/pytorch/pytorch/issues/147064: glog I outranks "FAILED".
        { "I0213 12:07:20.086000 870572 torch/distributed/elastic/agent/server/api.py:889] [default] Worker group FAILED. 3/3 attempts left; will restart worker group", "glog-info" },
        // issue 16 shape: a c10d debug line.
        { "[I1022 10:01:02.123456 123 TCPStoreLibUvBackend.cpp:1001] [c10d - debug] Read callback failed. code:-4095 name:EOF desc:end of file", "c10d-debug" },
        // https://github.com/NVIDIA/pyxis/issues/102: Slurm's debug2 level outranks "invalid".
        { "[2025-01-24T01:03:24.708] debug2: topology/tree: _node_name2bitmap: _node_name2bitmap: invalid node specified node-934", "slurm-debug2" },
        // issue 16 shape: logfmt level=info.
        { "time=\"2025-05-29T15:30:02.526033867+08:00\" level=info msg=\"Failed to read pod status, retrying\"", "logfmt-info" },
        // https://github.com/pytorch/pytorch/issues/76367: python logging INFO:name.
        { "INFO:torch.distributed.elastic.agent.server.api:[default] Starting worker group, restart on failure", "python-info" },
        // https://github.com/NVIDIA/nccl/issues/1241: an identifier is not a failure word.
        { "NCCL_ASYNC_ERROR_HANDLING: 1", "identifier" },
        // https://github.com/pytorch/pytorch/issues/76367: a quoted configuration key.
        { "  rdzv_configs     : {'rank': 1, 'timeout': 900}", "quoted-key" },
        // https://github.com/leptonai/gpud/pull/137: negated.
        { "✔ NVML found no hw slowdown error", "negated" },
        // https://github.com/NVIDIA/nccl/issues/1837 (after its torchx prefix): the header of the NCCL message
        // PyTorch copies on the next line.
        { "Last error:", "last-error-header" },
        // https://github.com/hpcaitech/ColossalAI/issues/3571: torchrun's failure table, an echo.
        { "  <NO_OTHER_FAILURES>", "table-echo" },
        // Loghub Linux_2k.log (https://github.com/logpai/loghub): a boot step that finished.
        { "Enabling unmasked SIMD FPU exception support... done.", "done" },
        // https://github.com/mchehab/rasdaemon/issues/121: a corrected error, handled.
        { "\t1 Corrected error, no action required. errors", "handled" },
        // Python's own source line printed under a warning (the warning is the line above).
        { "  warnings.warn(  # warn only once", "python-source" },
        // PyTorch's fixed hint after every CUDA error, an echo of the error itself.
        { "CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.", "cuda-boilerplate" },
        // https://github.com/lmzpai/roboMamba/issues/10: a Python frame whose path holds "errors".
        { "  File \"/root/miniconda3/lib/python3.12/site-packages/torch/distributed/elastic/multiprocessing/errors/__init__.py\", line 355, in wrapper", "python-frame" },
        // https://github.com/NVIDIA/nccl/issues/719: a deprecation notice, not a fault.
        { "/root/anaconda3/envs/test/lib/python3.8/site-packages/torch/distributed/launch.py:178: FutureWarning: The module torch.distributed.launch is deprecated", "future-warning" },
        // https://github.com/XiaohangZhan/deocclusion/issues/45, https://github.com/foundation-model-stack/fms-fsdp/pull/120:
        // deprecation notices at warning level (a python logging WARNING, a c10 [W ...] warning).
        { "WARNING:torch.distributed.run:--use_env is deprecated and will be removed in future releases.", "deprecated-warning" },
        { "[W Utils.hpp:135] Warning: Environment variable NCCL_ASYNC_ERROR_HANDLING is deprecated; use TORCH_NCCL_ASYNC_ERROR_HANDLING instead (function getCvarInt)", "deprecated-c10-warning" },
        // https://github.com/geerlingguy/raspberry-pi-pcie-devices/issues/64: an AER error-bit row (the AER line above is the event).
        { "pcieport 0000:00:1d.0:    [ 0] Receiver Error        ", "aer-bit" },
        // https://github.com/pop-os/pop/issues/751
        { " nvme 0000:03:00.0: AER: Error of this Agent is reported first", "aer-agent" },
        // https://github.com/stas00/ml-engineering/blob/master/compute/accelerator/nvidia/debug_zh.md:
        // nvidia-smi -q and nvidia-smi nvlink -e counters that say nothing went wrong.
        { "        Uncorrectable Error               : 0", "zero-counter" },
        { "        Remapping Failure Occurred        : No", "no-failure" },
        { "         Link 0: Replay Errors: 0", "zero-link-counter" },
        // https://github.com/pytorch/pytorch/pull/46009: a timeout setting in ProcessGroupNCCL's options dump.
        { "> TIMEOUT(ms): 1000", "timeout-setting" },
        // Constructed in the shapes of common logger formats: an ISO-8601 UTC stamp before the level,
        // the level first before a separator, a lower-case level first.
        { "2024-06-01T10:01:03Z INFO  retrying after a failed request", "iso-stamp-info" },
        { "INFO - ignore the error below, it is expected", "leading-info" },
        { "info: error budget ok", "lower-case-info" },
        // Constructed: a timeout setting announced in prose.
        { "Setting NCCL timeout to 1800 seconds", "timeout-prose" },
        // https://github.com/AFeng-x/SMT/issues/18: a source line a traceback echoes, where "failures" is a
        // keyword argument and an attribute.
        { "    failures=result.failures,", "keyword-and-attribute" },
        // https://github.com/NVIDIA/dcgm-exporter/issues/95: a metric's definition names what it counts.
        { "DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL, counter, Total number of NVLink flow-control CRC errors.", "metric-definition" },
        // https://github.com/risuorg/risu/issues/384: journald found a damaged file and replaced it.
        { "systemd-journald[434]: File /var/log/journal/808f99c68dca4f49b2784f5c898dfacd/system.journal corrupted or uncleanly shut down, renaming and replacing.", "handled" },
        // https://github.com/Bing-su/adetailer/issues/391: the header between the tracebacks of a chained exception.
        { "    During handling of the above exception, another exception occurred:", "chained-exception-header" },
        // https://github.com/ovro-lwa/lwa-issues/issues/117: fields of an APEI GHES record, indented under its header.
        { "[11219.196653] {1}[Hardware Error]:   device_id: 0000:5e:00.0", "ghes-field" },
        { "[11219.196622] {1}[Hardware Error]:   version: 3.0", "ghes-field-version" },
    };

    [Theory]
    [MemberData(nameof(NotFailures))]
    public void SeverityOf_InfoDebugOrEcho_IsNotACandidate(string line, string because)
    {
        Assert.True(UnknownLines.SeverityOf(line) is null, because);
    }

    public static TheoryData<string, Severity> Failures => new()
    {
        // https://github.com/nvidia-cosmos/cosmos-rl/issues/681
        { "[cosmos] 2026-05-14 05:28:06,261 - cosmos - ERROR - Process 1 failed with return code 1", Severity.Error },
        // https://github.com/AMDResearch/hpcfund/issues/83
        { "srun: error: Unable to allocate resources: Socket timed out on send/recv operation", Severity.Error },
        // A c10 [W ...] line warns even without the word; a warning the rules do not know is kept at info.
        { "[W ProcessGroupNCCL.cpp:1569] Rank 0 using best-guess GPU 0 to perform barrier as devices used by this process are currently unknown.", Severity.Info },
        // https://github.com/stas00/ml-engineering/blob/master/compute/accelerator/nvidia/debug_zh.md: a counter that is not zero.
        { "        Correctable Error                 : 1", Severity.Info },
        // Constructed: a timeout named in prose next to a failure is still the failure.
        { "connection failed after a timeout of 30 s", Severity.Info },
        // https://github.com/NVIDIA/gpu-operator/issues/610: systemd's "status=1/FAILURE" is a result, not a path.
        { "systemd[1]: nvidia-fabricmanager.service: Control process exited, code=exited, status=1/FAILURE", Severity.Info },
        // https://github.com/gardenlinux/gardenlinux/issues/945: systemd-coredump names a crashed service.
        { "systemd-coredump[2289464]: Process 471 (systemd-journal) of user 0 dumped core.", Severity.Info },
        // https://github.com/huggingface/accelerate/pull/3744: a Python warning category.
        { "/fsx/qgallouedec/miniconda3/envs/trl/lib/python3.12/site-packages/torch/distributed/distributed_c10d.py:4631: UserWarning: No device id is provided via `init_process_group` or `barrier `. Using the current device set by the user. ", Severity.Info },
        // https://github.com/ddnet/ddnet/issues/401, https://github.com/sonic-net/sonic-buildimage/issues/4822 (after its
        // dmesg stamp): the kernel's hung-task report, logged at error level though it starts with "INFO:".
        { "INFO: task DDRace64-Server:27090 blocked for more than 120 seconds.", Severity.Error },
        { "INFO: task kworker/2:1:5747 blocked for more than 120 seconds.", Severity.Error },
        // https://github.com/SymbioticLab/Infiniswap/issues/25: the same report behind a quote and a line number.
        { "> 162 [  843.072392] INFO: task python3:5604 blocked for more than 120 seconds.", Severity.Error },
        // https://github.com/deepspeedai/DeepSpeed/issues/925, https://github.com/iron-fish/ironfish/issues/701: the lockup detectors.
        { "[Sat Apr  3 05:23:42 2021] watchdog: BUG: soft lockup - CPU#7 stuck for 23s! [pytest:25222]", Severity.Error },
        { " kernel:[55787.066677] NMI watchdog: Watchdog detected hard LOCKUP on cpu 3", Severity.Error },
        // https://github.com/tensorflow/tensorflow/issues/20356, https://github.com/openai/baselines/issues/621:
        // TensorFlow's C++ log puts its level letter after the date; F (fatal) aborts the process, with or
        // without a failure word.
        { "2018-06-27 21:10:37.421198: F tensorflow/core/common_runtime/gpu/gpu_event_mgr.cc:203] Unexpected Event status: 1", Severity.Error },
        { "2018-09-27 09:41:31.439261: E tensorflow/stream_executor/cuda/cuda_timer.cc:55] Internal: error destroying CUDA event in context 0x4c591f0: CUDA_ERROR_LAUNCH_FAILED", Severity.Error },
        // https://github.com/oxidecomputer/propolis/issues/376 (a dev line of the real-line corpus, after its
        // dmesg stamp): the RCU stall report's grace-period kthread line, logged at error level like the report.
        { "rcu: rcu_sched kthread starved for 5252 jiffies! g12425 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x402 ->cpu=0", Severity.Error },
        // https://github.com/csrutil/OpenWrt-NIC-Drivers/issues/11 (after its dmesg stamp): a NIC's transmit queue timed out.
        { "r8125 0000:22:04.0 eth4: NETDEV WATCHDOG: CPU: 3: transmit queue 0 timed out 5010 ms", Severity.Info },
        // Constructed: a deprecation logged as an error, or one that names a failure, stays a candidate at its level.
        { "ERROR: option --use_env is deprecated and no longer supported", Severity.Error },
        { "WARNING: the legacy launcher is deprecated and failed to start worker 3", Severity.Info },
        { "the legacy launcher is deprecated and failed to start worker 3", Severity.Info },
        // Levels in their own words: https://github.com/Azure/cyclecloud-slurm/issues/412 (Slurm's lower-case tag first),
        // https://github.com/spdk/spdk/issues/961 ("*ERROR*"), https://github.com/NVIDIA/nvidia-docker/issues/1252 (logrus "ERRO[0000]"),
        // https://github.com/NVIDIA/multi-gpu-programming-models/issues/21 (a WARN tag: a warning, kept at info).
        { "error: Node configuration differs from hardware: CPUs=4:8(hw) Boards=1:1(hw) SocketsPerBoard=2:1(hw) CoresPerSocket=1:4(hw) ThreadsPerCore=2:2(hw)", Severity.Error },
        { "nvme_qpair.c: 453:spdk_nvme_qpair_process_completions: *ERROR*: CQ error, abort requests after transport retry counter exceeded", Severity.Error },
        { "ERRO[0000] error waiting for container: context canceled ", Severity.Error },
        { "WARN: IB: read failed in ib_roce_get_version_num: Invalid argument", Severity.Info },
        // https://github.com/elastic/cloud-on-k8s/issues/1821 (a dev line of the real-line corpus),
        // https://github.com/dgkanatsios/CKAD-exercises/pull/176: kubectl get pods rows whose STATUS is a
        // waiting reason that names a failure; no level, so kept at info.
        { "es-cluster-es-cgvdvzfhhr   0/1     CrashLoopBackOff   2          71s   10.60.26.8   gke-es-cluster-1-es-pool-d043df27-9hr0   <none>           <none>", Severity.Info },
        { "nginx-d645d84b6-ftbwc   0/1     ImagePullBackOff   0          77s", Severity.Info },
        { "nginx-d645d84b6-ftbwc   0/1     ErrImagePull       0          108s", Severity.Info },
        // https://github.com/openucx/ucx/issues/5199, https://github.com/Lightning-AI/pytorch-lightning/issues/21404
        // (dev lines of the real-line corpus): a transport's retry limit and a shell's missing command,
        // printed without a level, so kept at info.
        { "[master:19546:0:19546] ib_mlx5_log.c:139  Transport retry count exceeded on mlx5_0:1/IB (synd 0x15 vend 0x81 hw_synd 0/0)", Severity.Info },
        { "/bin/sh: 1: scontrol: not found", Severity.Info },
        // https://github.com/yangpeng14/DevOps (a dev line of the real-line corpus): a client that cannot
        // reach its daemon says so without a failure word or a level, so kept at info.
        { "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", Severity.Info },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void SeverityOf_FailureLine_IsAnErrorOnlyAtItsOwnErrorLevel(string line, Severity expected)
    {
        Assert.Equal(expected, UnknownLines.SeverityOf(line));
    }

    [Fact]
    public void SeverityOf_TransportLevel_OutranksTheWords()
    {
        // A dmesg -x "kern  :info  :" prefix says info whatever the message says; "err" says error
        // even when the message has no failure word.
        Assert.Null(UnknownLines.SeverityOf("mlx5_core 0000:0c:00.0: port module event: Cable error", LineLevel.Info));
        Assert.Equal(Severity.Error, UnknownLines.SeverityOf("nvidia-nvswitch1: something happened", LineLevel.Error));
    }

    [Fact]
    public void SeverityOf_KernelCallTraceFrame_IsAnEchoAtAnyLevel()
    {
        // https://github.com/victronenergy/venus/issues/350: ARM frames of a hung-task report, syslogged at user.warn;
        // https://github.com/gluster/gluster-health-report/pull/19: an x86 frame.
        Assert.Null(UnknownLines.SeverityOf("[<c0607cfc>] (__schedule) from [<c060811c>] (schedule+0x40/0xa0)", LineLevel.Warning));
        Assert.Null(UnknownLines.SeverityOf("[<ffffffff8168a4e5>] __mutex_lock_slowpath+0xc5/0x1c0", LineLevel.Warning));
    }
}
