using System.Globalization;
using Triage.Collectors.Lines;

namespace Triage.Collectors.Tests.Lines;

public sealed partial class LineParserTests
{
    private static readonly DateTimeOffset March2025 = new(2025, 3, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_SrunLabelTorchrunAndRankAroundC10Line_PeelsEveryLayer()
    {
        // Arrange: composed from the srun --label, torchrun --tee and c10 formats of the real lines above.
        const string Line = "3: [default3]:[rank27]:[E321 02:07:08.408271257 ProcessGroupNCCL.cpp:607] [Rank 27] Watchdog caught collective operation timeout";
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(Line);

        // Assert
        Assert.Equal("[E321 02:07:08.408271257 ProcessGroupNCCL.cpp:607] [Rank 27] Watchdog caught collective operation timeout", Line[info.ContentStart..]);
        Assert.Equal(27, info.Rank);
        Assert.Equal(3, info.LocalRank);
        Assert.Equal(new DateTimeOffset(2025, 3, 21, 2, 7, 8, TimeSpan.Zero).AddTicks(4082712), info.Timestamp);
        Assert.Equal("t3/l3/r27", info.StreamKey);
    }

    [Fact]
    public void Parse_SrunLabelThenSpacedMegatronStamp_ReadsTheTime()
    {
        var parser = new LineParser(March2025);

        var info = parser.Parse("255:  [2026-06-02 04:42:21] iteration       10/  500000 | consumed samples:         2560 |");

        Assert.Equal(new DateTimeOffset(2026, 6, 2, 4, 42, 21, TimeSpan.Zero), info.Timestamp);
        Assert.Equal(255, info.TaskLabel);
        Assert.Null(info.Rank);
    }

    [Fact]
    public void Parse_RightAlignedSrunLabelBeforeNccl_ReadsBoth()
    {
        // Arrange
        const string Line = " 12: node-017:12345:12399 [3] NCCL INFO Channel 00/32 :    0";
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(Line);

        // Assert
        Assert.Equal("NCCL INFO Channel 00/32 :    0", Line[info.ContentStart..]);
        Assert.Equal("node-017", info.Host);
        Assert.Equal(12345, info.Pid);
        Assert.Equal(3, info.Gpu);
        Assert.Null(info.Rank);
        Assert.Equal("node-017/t12/p12345", info.StreamKey);
    }

    [Theory]
    [InlineData("[Rank 3] Watchdog caught collective operation timeout")]
    [InlineData("[rank3] no colon after the bracket")]
    [InlineData("[RANK 3] Epoch 0 | Loss: 0.24")]
    [InlineData("12:34:56 a time, not an srun label")]
    [InlineData("(pid: 12) exited")]
    [InlineData("(worker exited, pid=12) again")]
    public void Parse_LookalikesInsideMessage_AreNotPrefixes(string line)
    {
        // Arrange
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(line);

        // Assert
        Assert.Equal(0, info.ContentStart);
        Assert.Null(info.Rank);
        Assert.Null(info.Host);
        Assert.Equal(string.Empty, info.StreamKey);
    }

    [Theory]
    [InlineData("2025-01-01T00:30:00Z", "Dec 31 23:59:59 node-017 kernel: x", "2024-12-31T23:59:59Z")]
    [InlineData("2024-12-31T23:00:00Z", "Jan  1 00:30:00 node-017 kernel: x", "2025-01-01T00:30:00Z")]
    [InlineData("2025-01-01T00:30:00Z", "Jan  2 12:00:00 node-017 kernel: x", "2025-01-02T12:00:00Z")]
    [InlineData("2025-01-01T00:30:00Z", "Jan  4 12:00:00 node-017 kernel: x", "2024-01-04T12:00:00Z")]
    [InlineData("2025-03-10T00:00:00Z", "Feb 29 10:00:00 node-017 kernel: x", "2024-02-29T10:00:00Z")]
    [InlineData("2025-01-01T00:10:00Z", "E1231 23:59:58.000001 77 train.py:1] boom", "2024-12-31T23:59:58.000001Z")]
    [InlineData("2025-01-01T00:10:00Z", "[rank0]:[W101 00:05:00.000000 ProcessGroupNCCL.cpp:1] x", "2025-01-01T00:05:00Z")]
    public void Parse_StampWithoutYear_InfersYearFromReference(string reference, string line, string expected)
    {
        // Arrange
        var parser = new LineParser(ParseTime(reference));

        // Act
        var info = parser.Parse(line);

        // Assert
        Assert.Equal(ParseTime(expected), info.Timestamp);
    }

    [Theory]
    [InlineData("Feb 30 02:07:08 node-017 kernel: x", "x")]
    [InlineData("2024-03-21T25:07:08+00:00 node-017 kernel: x", "x")]
    [InlineData("2024-02-30 02:07:08,123 - INFO - x", "2024-02-30 02:07:08,123 - INFO - x")]
    [InlineData("E1332 02:07:08.408271 12 a.cc:1] x", "E1332 02:07:08.408271 12 a.cc:1] x")]
    [InlineData("[Thu Mar 32 02:07:08 2024] x", "x")]
    [InlineData("[rank3]:[W321 24:00:00.000000 ProcessGroupNCCL.cpp:1] x", "[W321 24:00:00.000000 ProcessGroupNCCL.cpp:1] x")]
    [InlineData("0000-01-01T00:00:00+14:00 node-017 kernel: x", "x")]
    [InlineData("0001-01-01T00:00:00+01:00 node-017 kernel: x", "x")]
    public void Parse_InvalidDate_HasNoTimestampButKeepsPrefixes(string line, string content)
    {
        // Arrange
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(line);

        // Assert
        Assert.Null(info.Timestamp);
        Assert.Equal(content, line[info.ContentStart..]);
    }

    [Theory]
    // A line pasted in a report: a Markdown quote marker, or indentation before a transport prefix, is taken
    // with the prefix (RLHF-V/RLHF-V#11's "> WARNING:torch..." quote; a kernel line indented in a code block).
    [InlineData("> [ 4018.450000] Killed process 935 (python) total-vm:113656kB", "Killed process 935 (python) total-vm:113656kB")]
    [InlineData("    [rank3]: NET/OFI Request 0x7f14cc5b60c0 completed with error.", "NET/OFI Request 0x7f14cc5b60c0 completed with error.")]
    [InlineData("> WARNING:torch.distributed.elastic.multiprocessing.api:Sending process 484376 closing signal SIGTERM", "WARNING:torch.distributed.elastic.multiprocessing.api:Sending process 484376 closing signal SIGTERM")]
    public void Parse_QuoteOrIndentBeforeAPrefix_IsPeeledWithIt(string line, string content)
    {
        var info = new LineParser(March2025).Parse(line);

        Assert.Equal(content, line[info.ContentStart..]);
    }

    [Theory]
    // docker compose's service column (v2, v1, swarm's task@node; stevenjswanson's gist of a slurm stack) and
    // kubectl logs --prefix: the container is the host, the relayed line the content.
    [InlineData("trainer-1  | slurmstepd: error: Detected 1 oom_kill event in StepId=11300781.0.", "trainer-1", "slurmstepd: error: Detected 1 oom_kill event in StepId=11300781.0.")]
    [InlineData("project_trainer_1 | [rank0]: torch.OutOfMemoryError: CUDA out of memory.", "project_trainer_1", "torch.OutOfMemoryError: CUDA out of memory.")]
    [InlineData("slurm-stack_c1.0.8ebgoxao0lxa@142dev | slurmd: debug: Log file re-opened", "slurm-stack_c1.0.8ebgoxao0lxa", "slurmd: debug: Log file re-opened")]
    [InlineData("[pod/trainer-worker-3/pytorch] RuntimeError: NCCL communicator was aborted on rank 3.", "trainer-worker-3", "RuntimeError: NCCL communicator was aborted on rank 3.")]
    public void Parse_ContainerToolPrefix_IsPeeledWithTheContainerAsHost(string line, string host, string content)
    {
        var info = new LineParser(March2025).Parse(line);

        Assert.Equal(host, info.Host);
        Assert.Equal(content, line[info.ContentStart..]);
    }

    [Theory]
    // A stamp alone before a relayed line (moreutils ts, a bracketed stamp to the second as NCCL's
    // NCCL_DEBUG_TIMESTAMP_FORMAT default prints it, an ISO stamp with an offset) is peeled; the time is read.
    [InlineData("[2026-05-05 06:16:47] node-01:189884:189884 [3] NCCL INFO Bootstrap : Using eth0:10.0.0.1<0>", "NCCL INFO Bootstrap : Using eth0:10.0.0.1<0>", "2026-05-05T06:16:47Z")]
    [InlineData("[2024-05-11 14:10:52] slurmstepd: error: Detected 1 oom_kill event in StepId=11300781.0.", "slurmstepd: error: Detected 1 oom_kill event in StepId=11300781.0.", "2024-05-11T14:10:52Z")]
    [InlineData("2024-05-11T14:10:52+0000   traceback : Signal 9 (SIGKILL) received by PID 14750", "  traceback : Signal 9 (SIGKILL) received by PID 14750", "2024-05-11T14:10:52Z")]
    public void Parse_StampAloneBeforeARelayedLine_IsPeeled(string line, string content, string time)
    {
        var info = new LineParser(March2025).Parse(line);

        Assert.Equal(content, line[info.ContentStart..]);
        Assert.Equal(DateTimeOffset.Parse(time, CultureInfo.InvariantCulture), info.Timestamp);
    }

    [Theory]
    // Table rows and prose with a pipe are not a container's column: an IPMI SEL row, an nvidia-smi row, a
    // Markdown table, a bracketed word that is not kubectl's.
    [InlineData("6a | 04/12/2024 | 03:27:29 PM CDT | Critical Interrupt | Bus Correctable error () | Asserted")]
    [InlineData("|   0  NVIDIA A100-SXM4-80GB     On   | 00000000:07:00.0 Off |                    0 |")]
    [InlineData("loss | 0.24 | step 12")]
    [InlineData("[pod/trainer-worker-3] no container")]
    public void Parse_PipeOrBracketLookalikes_AreNotContainerPrefixes(string line)
    {
        var info = new LineParser(March2025).Parse(line);

        Assert.Equal(0, info.ContentStart);
        Assert.Null(info.Host);
    }

    [Theory]
    // A bare indented message keeps its indentation (blocks such as Python tracebacks read it), and a
    // Python prompt or a "=>" arrow is not a quote.
    [InlineData("    return forward_call(*args, **kwargs)")]
    [InlineData(">>> import torch")]
    [InlineData(">= 2.4 is required")]
    public void Parse_IndentWithoutPrefixOrPromptLookalike_StaysInTheContent(string line)
    {
        var info = new LineParser(March2025).Parse(line);

        Assert.Equal(0, info.ContentStart);
    }

    [Theory]
    // A container runtime's stamp (docker/kubectl logs --timestamps, CRI "stdout F") is a transport prefix: the
    // relayed line after it is the content, so rules anchored at the message's start still match. What follows
    // is not a syslog host and tag ("INFO main:", "Bypassing SIGTERM:"), and no host is invented.
    // Lightning-AI/pytorch-lightning#20542's "Bypassing SIGTERM: 15" under a kubectl --timestamps stamp.
    [InlineData("2024-03-21T02:07:08.123Z INFO main: started", "INFO main: started")]
    [InlineData("2024-03-21T02:07:08.123456789Z Bypassing SIGTERM: 15", "Bypassing SIGTERM: 15")]
    [InlineData("2024-03-21T02:07:08.123456789Z stderr F   traceback : Signal 9 (SIGKILL) received by PID 14750", "  traceback : Signal 9 (SIGKILL) received by PID 14750")]
    [InlineData("2024-03-21T02:07:08.123456789Z stdout P Reason:         Evicted", "Reason:         Evicted")]
    public void Parse_ContainerStamp_IsPeeledWithoutInventingAHost(string line, string content)
    {
        // Arrange
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(line);

        // Assert
        Assert.Equal(content, line[info.ContentStart..]);
        Assert.NotNull(info.Timestamp);
        Assert.Null(info.Host);
        Assert.Null(info.Rank);
    }

    [Theory]
    [InlineData("2024-03-21T02:07:08.123456+00:00 node-017 kernel: x", "2024-03-21T02:07:08.123456Z")]
    [InlineData("2024-03-21T02:07:08.123456+0000 node-017 kernel: x", "2024-03-21T02:07:08.123456Z")]
    [InlineData("2024-03-21T02:07:08.123456Z node-017 kernel: x", "2024-03-21T02:07:08.123456Z")]
    [InlineData("2024-03-21T02:07:08.123456-06:00 node-017 kernel: x", "2024-03-21T08:07:08.123456Z")]
    [InlineData("2024-03-21T02:07:08+0530 node-017 kernel: x", "2024-03-20T20:37:08Z")]
    [InlineData("2024-03-21T02:07:08 node-017 kernel: x", "2024-03-21T02:07:08Z")]
    public void Parse_IsoOffsets_AreConvertedToUtc(string line, string expected)
    {
        // Arrange
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(line);

        // Assert
        Assert.Equal(ParseTime(expected), info.Timestamp);
        Assert.Equal(TimeSpan.Zero, info.Timestamp!.Value.Offset);
        Assert.Equal("x", line[info.ContentStart..]);
    }

    [Fact]
    public void Parse_InterleavedWriters_GetDistinctStreamKeys()
    {
        // Arrange
        var parser = new LineParser(March2025);
        string[] lines =
        [
            "[rank0]: Traceback (most recent call last):",
            "[rank1]: Traceback (most recent call last):",
            "0: Traceback (most recent call last):",
            "1: Traceback (most recent call last):",
            "node-017:100:101 [0] NCCL WARN x",
            "node-017:200:201 [1] NCCL WARN x",
            "node-018:100:101 [0] NCCL WARN x",
            "Mar 21 02:07:08 node-017 kernel: x",
            "Mar 21 02:07:08 node-017 sshd[42]: x",
            "Mar 21 02:07:08 node-018 kernel: x",
        ];

        // Act
        var keys = lines.Select(line => parser.Parse(line).StreamKey).ToList();

        // Assert
        Assert.Equal(lines.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(string.Empty, keys);
    }

    [Fact]
    public void Parse_SameWriterTwice_ReturnsCachedStrings()
    {
        // Arrange
        var parser = new LineParser(March2025);

        // Act
        var first = parser.Parse("Mar 21 02:07:08 node-017 kernel: NVRM: Xid (PCI:0000:3b:00): 79");
        var second = parser.Parse("Mar 21 02:07:09 node-017 kernel: NVRM: GPU at PCI:0000:3b:00");

        // Assert
        Assert.Equal("node-017/kernel", first.StreamKey);
        Assert.Same(first.StreamKey, second.StreamKey);
        Assert.Same(first.Host, second.Host);
    }

    [Fact]
    public void Parse_RepeatedLine_AllocatesNothingOnceCached()
    {
        // Arrange
        const string Line = "3: [default3]:node-017:12345:12399 [3] NCCL INFO Using network IB";
        var parser = new LineParser(March2025);
        parser.Parse(Line);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        var info = parser.Parse(Line);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal("node-017/t3/l3/p12345", info.StreamKey);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("3: ", 3)]
    [InlineData("3:", 2)]
    [InlineData("[rank0]:", 8)]
    [InlineData("node-017:1:2 [0]", 16)]
    public void Parse_LineOfPrefixesOnly_HasEmptyContent(string line, int contentStart)
    {
        // Arrange
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(line);

        // Assert
        Assert.Equal(contentStart, info.ContentStart);
        Assert.Equal(line.Length, info.ContentStart);
    }

    [Fact]
    public void Parse_RayPrefixWithResetEscape_ReadsPid()
    {
        // Arrange: Ray colours the prefix and resets after it.
        const string Line = "\u001b[36m(RayTrainWorker pid=7410, ip=10.0.59.242)\u001b[0m hello from rank 0";
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(Line);

        // Assert
        Assert.Equal("hello from rank 0", Line[info.ContentStart..]);
        Assert.Equal(7410, info.Pid);
        Assert.Equal("p7410", info.StreamKey);
    }

    [Fact]
    public void Parse_MorePrefixesThanMaxLayers_StopsPeeling()
    {
        // Arrange
        var line = string.Concat(Enumerable.Repeat("[rank1]:", LineParser.MaxLayers + 3)) + "x";
        var parser = new LineParser(March2025);

        // Act
        var info = parser.Parse(line);

        // Assert
        Assert.Equal(LineParser.MaxLayers * "[rank1]:".Length, info.ContentStart);
        Assert.Equal(1, info.Rank);
    }

    [Fact]
    public void Parse_TransportAndMessageStamps_OutermostWins()
    {
        // Arrange: syslog says 16:05:50 to the second, the klog line inside says 16:05:51.514706.
        const string Line = "May 28 16:05:50 node-3 kubelet[2269385]: I0528 16:05:51.514706 2269385 eviction_manager.go:405] x";
        var parser = new LineParser(new DateTimeOffset(2025, 5, 29, 0, 0, 0, TimeSpan.Zero));

        // Act
        var info = parser.Parse(Line);

        // Assert
        Assert.Equal(new DateTimeOffset(2025, 5, 28, 16, 5, 50, TimeSpan.Zero), info.Timestamp);
        Assert.Equal(2269385, info.Pid);
    }

    [Fact]
    public void Constructor_ReferenceWithOffset_IsUsedAsUtc()
    {
        // Arrange: 01:00 at +02:00 is 23:00 UTC on the last day of 2024.
        var parser = new LineParser(new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.FromHours(2)));

        // Act
        var info = parser.Parse("Dec 31 22:00:00 node-017 kernel: x");

        // Assert
        Assert.Equal(new DateTimeOffset(2024, 12, 31, 22, 0, 0, TimeSpan.Zero), info.Timestamp);
    }
}
