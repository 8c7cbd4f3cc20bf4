using Triage.Collectors.Lines;

namespace Triage.Collectors.Tests.Lines;

/// <summary>
/// Launcher prefixes, from real lines: which of host, global rank, local rank or launcher task each one
/// gives, and that the message the rules read starts after it.
/// </summary>
public sealed class LauncherPrefixTests
{
    private static readonly DateTimeOffset Reference = new(2026, 5, 5, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    // horovod/horovod#2527 (horovodrun over Open MPI --tag-output)
    [InlineData("[1,0]<stdout>:Step #0\tLoss: 2.324532", 0, "Step #0\tLoss: 2.324532")]
    // open-mpi/ompi#6948 (a tag at the start of the next line)
    [InlineData("[1,3]<stderr>:RuntimeError: CUDA error: an illegal memory access was encountered", 3, "RuntimeError: CUDA error: an illegal memory access was encountered")]
    // openpmix/prrte#1405 (PRRTE's "--output tag": nspace@jobid,rank and a space)
    [InlineData("[prterun-f5n18-100629@1,2]<stdout>: f5n18", 2, "f5n18")]
    public void Parse_MpirunTagOutput_TaskIsTheMpiRank(string line, int task, string content)
    {
        var info = new LineParser(Reference).Parse(line);

        Assert.Equal(task, info.TaskLabel);
        Assert.Null(info.Rank); // the launcher's task: the rank only while mpirun starts the ranks (SymptomFactory decides)
        Assert.Equal(content, line[info.ContentStart..]);
    }

    [Fact]
    public void Parse_MpirunTimestampOutput_ReadsTheCtimeStamp()
    {
        // open-mpi/ompi#7710: "--tag-output --timestamp-output" as v4.0.2 wrote it.
        const string line = "Thu May  7 10:39:20 2020[1,1]<stdout>:Hello, World, I am 1 of 8";

        var info = new LineParser(Reference).Parse(line);

        Assert.Equal(1, info.TaskLabel);
        Assert.Equal(new DateTimeOffset(2020, 5, 7, 10, 39, 20, TimeSpan.Zero), info.Timestamp);
        Assert.Equal("Hello, World, I am 1 of 8", line[info.ContentStart..]);
    }

    [Theory]
    // stas00/ml-engineering, "emulate multi-node" (deepspeed -H hostfile, pdsh runner)
    [InlineData("worker-0: [2022-09-08 12:02:16,517] [INFO] [launch.py:142:main] nnodes=2, num_local_procs=1, node_rank=0", "worker-0")]
    [InlineData("worker-1: [2022-09-08 12:07:13,642] [INFO] [launch.py:318:main] Process 576485 exits successfully.", "worker-1")]
    // a DeepSpeed-Chat actor pod's log (kubectl logs ... | the pdsh host is the pod name)
    [InlineData("actor-multi-node-worker-0: [2023-06-21 03:45:55,424] [INFO] [timer.py:199:stop] epoch=1/micro_step=926/global_step=1880, RunningAvgSamplesPerSec=6.60372389313781", "actor-multi-node-worker-0")]
    [InlineData("104.171.201.172: RuntimeError: CUDA error: an illegal memory access was encountered", "104.171.201.172")]
    public void Parse_PdshHostPrefix_GivesTheHost(string line, string host)
    {
        var info = new LineParser(Reference).Parse(line);

        Assert.Equal(host, info.Host);
        Assert.Null(info.Rank);
        Assert.Null(info.TaskLabel);
        Assert.Equal(line[(host.Length + 2)..], line[info.ContentStart..]);
    }

    [Fact]
    public void Parse_PdshZeroPaddedGpuHost_IsAHostAndTheRankPrefixAfterItCounts()
    {
        // hiyouga/LlamaFactory#2470: pdsh relays "gpu003:   File ..."; clusters name hosts gpu003; a device
        // is numbered plainly (GPU0), so only the zero-padded form is a host.
        var info = new LineParser(Reference).Parse("gpu004: [rank25]: RuntimeError: CUDA error: an illegal memory access was encountered");

        Assert.Equal("gpu004", info.Host);
        Assert.Equal(25, info.Rank);
        Assert.Null(new LineParser(Reference).Parse("gpu12: ready").Host);
    }

    [Fact]
    public void Parse_PdshHostPrefix_TimeFromTheMessageStamp()
    {
        var info = new LineParser(Reference).Parse("worker-0: [2022-09-08 12:02:16,517] [INFO] [launch.py:156:main] dist_world_size=2");

        Assert.Equal(new DateTimeOffset(2022, 9, 8, 12, 2, 16, 517, TimeSpan.Zero), info.Timestamp);
    }

    [Theory]
    [InlineData("python3: can't open file '/workspace/train.py': [Errno 2] No such file or directory")]
    [InlineData("rank3: loss 2.31")]
    [InlineData("GPU0: NVIDIA A100-SXM4-80GB")]
    [InlineData("eth0: NIC Link is Down")]
    [InlineData("RuntimeError: CUDA error: an illegal memory access was encountered")]
    [InlineData("12:34:56 something")]
    [InlineData("Epoch1: done")]
    // NVIDIA/NVSentinel sxid_handler_test.go: dmesg without a stamp, the NVSwitch driver's device name first
    [InlineData("nvidia-nvswitch0: SXid (PCI:0004:00:00.0): 26006, SOE HALTED")]
    public void Parse_WordThatIsNotAHost_NoHostPrefix(string line)
    {
        var info = new LineParser(Reference).Parse(line);

        Assert.Null(info.Host);
        Assert.Equal(0, info.ContentStart);
    }

    [Fact]
    public void Parse_NcclHeader_StillNcclNotPdsh()
    {
        var info = new LineParser(Reference).Parse("node-01:189884:189884 [3] NCCL INFO NCCL version 2.18.3+cuda12.2");

        Assert.Equal("node-01", info.Host);
        Assert.Equal(189884, info.Pid);
        Assert.Equal("NCCL INFO NCCL version 2.18.3+cuda12.2", "node-01:189884:189884 [3] NCCL INFO NCCL version 2.18.3+cuda12.2"[info.ContentStart..]);
    }

    [Theory]
    // torchelastic's default prefix [${role_name}${local_rank}]: (its docs: "[trainer0]: foobar"); role "default" under torchrun
    [InlineData("[trainer0]: foobar", null, 0, "foobar")]
    [InlineData("[default3]:RuntimeError: CUDA error: an illegal memory access was encountered", null, 3, "RuntimeError: CUDA error: an illegal memory access was encountered")]
    // log_line_prefix_template = "[${rank}]:" (the docs' example for global ranks)
    [InlineData("[12]:RuntimeError: CUDA error: an illegal memory access was encountered", 12, null, "RuntimeError: CUDA error: an illegal memory access was encountered")]
    // torchx's role prefix [${role}${replica}|${local_rank}]: (NVIDIA/nccl#1837)
    [InlineData("[trainer0|0]:ncclInternalError: Internal check failed.", null, 0, "ncclInternalError: Internal check failed.")]
    // torch >= 2.2 per-rank prefix (saforem2/mmm, torch-on-aurora.md)
    [InlineData("[rank0]: AssertionError: Torch not compiled with CUDA enabled", 0, null, "AssertionError: Torch not compiled with CUDA enabled")]
    public void Parse_TorchrunPrefixes_GlobalOrLocalRank(string line, int? rank, int? local, string content)
    {
        var info = new LineParser(Reference).Parse(line);

        Assert.Equal(rank, info.Rank);
        Assert.Equal(local, info.LocalRank);
        Assert.Equal(content, line[info.ContentStart..]);
    }

    [Theory]
    // open-mpi/mtt#913: MTT's report of a child's stderr, indented
    [InlineData("     stderr: srun: Job step aborted: Waiting up to 32 seconds for job step to finish.", "srun: Job step aborted: Waiting up to 32 seconds for job step to finish.")]
    public void Parse_StreamTag_ContentIsTheChildsLine(string line, string content)
    {
        var info = new LineParser(Reference).Parse(line);

        Assert.Equal(content, line[info.ContentStart..]);
    }

    [Fact]
    public void Parse_BusyBoxSyslogFacilityLevel_KeepsTheLevelAndTheKernelMessage()
    {
        // victronenergy/venus#350: BusyBox syslogd's "facility.level" between the host and the tag.
        const string line = "Sep 13 14:34:10 ccgx user.warn kernel: [43500.179307] [<c0607cfc>] (__schedule) from [<c060811c>] (schedule+0x40/0xa0)";

        var info = new LineParser(Reference).Parse(line);

        Assert.Equal("ccgx", info.Host);
        Assert.Equal(LineLevel.Warning, info.Level);
        Assert.Equal("[<c0607cfc>] (__schedule) from [<c060811c>] (schedule+0x40/0xa0)", line[info.ContentStart..]);
    }

    [Theory]
    // torchrun's failure table: "[0]:" alone is an entry, not a rank prefix
    [InlineData("[0]:")]
    [InlineData("[GPU0]: ready")]
    [InlineData("[Errno 111] Connection refused")]
    public void Parse_BracketsThatAreNotRankPrefixes_Untouched(string line)
    {
        var info = new LineParser(Reference).Parse(line);

        Assert.Null(info.Rank);
        Assert.Null(info.LocalRank);
        Assert.Equal(0, info.ContentStart);
    }

    [Fact]
    public void Parse_MpirunTagOverTorchrunTee_BothLayers()
    {
        var info = new LineParser(Reference).Parse("[1,1]<stderr>:[default5]:RuntimeError: CUDA error: an illegal memory access was encountered");

        Assert.Equal(1, info.TaskLabel);
        Assert.Equal(5, info.LocalRank);
        Assert.Null(info.Rank);
    }
}
