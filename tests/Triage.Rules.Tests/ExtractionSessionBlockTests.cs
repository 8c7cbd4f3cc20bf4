using Triage.Rules.Tests.Support;

namespace Triage.Rules.Tests;

/// <summary>Multi-line block semantics of <see cref="ExtractionSession{TContext}"/>.</summary>
public class ExtractionSessionBlockTests
{
    private static readonly RuleSet Set = SampleRules.Load(SampleRules.Kernel, SampleRules.Python);

    private const string Traceback = """
        Traceback (most recent call last):
          File "train.py", line 10, in <module>
            main()
          File "train.py", line 7, in main
            step()
          File "model.py", line 3, in step
            forward()
          File "model.py", line 1, in forward
        RuntimeError: CUDA error: an illegal memory access was encountered
        """;

    [Fact]
    public void Process_TracebackEndedByExceptionLine_EmitsOneBlockAndTheCudaLine()
    {
        // Act
        var output = SessionDriver.FeedAll(Set, SessionDriver.Lines(Traceback));

        // Assert: the end line is also a cuda.illegal_address (another kind), emitted as well.
        Assert.Equal(["py.traceback", "cuda.illegal_address"], output.Select(m => m.Rule.Id));
        var block = output[0];
        Assert.Equal(9, block.LineCount);
        Assert.Equal(1, block.Start);
        Assert.Equal(Traceback.TrimEnd('\n'), block.Message);
        Assert.Equal("RuntimeError", block.Attrs["exception"]);
        Assert.Equal("CUDA error: an illegal memory access was encountered", block.Attrs["reason"]);
        Assert.Equal(9, output[1].Start);
    }

    [Fact]
    public void Process_CollectLast3_JoinsInnermostFirstWithLessThan()
    {
        // Act
        var block = SessionDriver.FeedAll(Set, SessionDriver.Lines(Traceback))[0];

        // Assert
        Assert.Equal("forward < step < main", block.Attrs["frames"]);
        Assert.Equal("RuntimeError: forward < step < main", block.Signature);
    }

    [Fact]
    public void Process_CollectFirst2_JoinsInFileOrderWithGreaterThan()
    {
        // Act
        var block = SessionDriver.FeedAll(Set, SessionDriver.Lines(Traceback))[0];

        // Assert
        Assert.Equal("train.py:10 > train.py:7", block.Attrs["outer"]);
    }

    [Fact]
    public void Process_LineFailingContinue_EmitsBlockWithoutItAndProcessesItNormally()
    {
        // Arrange: a traceback cut short by a dmesg Xid line (neither continue nor end).
        var lines = new[]
        {
            "Traceback (most recent call last):",
            "  File \"train.py\", line 10, in <module>",
            "[ 12.5] NVRM: Xid (PCI:0000:3b:00): 79, pid=1, name=p, x",
        };

        // Act
        var output = SessionDriver.FeedAll(Set, lines);

        // Assert
        Assert.Equal(["py.traceback", "kernel.nvrm_xid"], output.Select(m => m.Rule.Id));
        Assert.Equal(2, output[0].LineCount);
        Assert.False(output[0].Attrs.ContainsKey("exception"));
        Assert.Equal(3, output[1].Start);
    }

    [Fact]
    public void Process_MaxLinesReached_EmitsAtTheLimit()
    {
        // Arrange
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.dump
            kind: py.fatal
            literals: ["Fatal Python error"]
            regex: 'Fatal Python error: (?<what>.+)'
            block: { maxLines: 3 }
            tests:
              match: ["Fatal Python error: Segmentation fault"]
            """));
        var lines = new[] { "Fatal Python error: Aborted", "a", "b", "c", "d" };
        var session = set.CreateSession<int>();
        var output = new List<RuleMatch<int>>();

        // Act
        for (var i = 0; i < lines.Length; i++)
        {
            session.Process(lines[i], "s", i * 10, i + 1, output);
        }

        // Assert
        var match = Assert.Single(output);
        Assert.Equal("Fatal Python error: Aborted\na\nb", match.Message);
        Assert.False(session.HasOpenBlocks);
    }

    [Fact]
    public void Process_InterleavedStreams_KeepBlocksApart()
    {
        // Arrange: two ranks writing tracebacks into one file, line by line.
        var a = SessionDriver.Lines(Traceback);
        var b = SessionDriver.Lines(Traceback.Replace("RuntimeError: CUDA error: an illegal memory access was encountered", "ValueError: bad shard", StringComparison.Ordinal));
        var lines = new List<string>();
        for (var i = 0; i < a.Length; i++)
        {
            lines.Add(a[i]);
            lines.Add(b[i]);
        }

        // Act
        var output = SessionDriver.FeedAll(Set, lines, i => i % 2 == 0 ? "node-1/0" : "node-1/1");

        // Assert
        var blocks = output.Where(m => m.Rule.Id == "py.traceback").ToList();
        Assert.Equal(2, blocks.Count);
        Assert.Equal(Traceback.TrimEnd('\n'), blocks[0].Message);
        Assert.Equal("ValueError", blocks[1].Attrs["exception"]);
        Assert.Equal([1, 2], blocks.Select(m => m.Start));
        Assert.All(blocks, m => Assert.Equal(9, m.LineCount));
    }

    [Fact]
    public void Flush_OpenBlocks_EmitsThemOldestFirst()
    {
        // Arrange
        var session = Set.CreateSession<int>();
        var output = new List<RuleMatch<int>>();
        session.Process("Traceback (most recent call last):", "b", 100, 1, output);
        session.Process("Traceback (most recent call last):", "a", 200, 2, output);
        session.Process("  File \"x.py\", line 1, in f", "a", 240, 3, output);

        // Act
        var openBefore = session.HasOpenBlocks;
        var oldest = session.OldestOpenBlockOffset;
        session.Flush(output);

        // Assert
        Assert.True(openBefore);
        Assert.Equal(100, oldest);
        Assert.Equal([1, 2], output.Select(m => m.Start));
        Assert.Equal([1, 2], output.Select(m => m.LineCount));
        Assert.False(session.HasOpenBlocks);
        Assert.Null(session.OldestOpenBlockOffset);
    }

    [Fact]
    public void Process_LineInsideBlockOfSameKind_IsNotMatchedAgain()
    {
        // Arrange: "Killed process" ends the OOM-killer block; kernel.killed_process has the same kind.
        var lines = SessionDriver.Lines("""
            python invoked oom-killer: gfp_mask=0x100cca, order=0, oom_score_adj=0
            Call Trace:
             dump_stack+0x6d/0x8b
            Killed process 4242 (python) total-vm:1234kB
            Killed process 4243 (python) total-vm:1234kB
            """);

        // Act
        var output = SessionDriver.FeedAll(Set, lines);

        // Assert: the block, then the second Killed line (outside any block) on its own.
        Assert.Equal(["kernel.oom_block", "kernel.killed_process"], output.Select(m => m.Rule.Id));
        Assert.Equal("4242", output[0].Attrs["pid"]);
        Assert.Equal("oom-python", output[0].Signature);
        Assert.Equal(4, output[0].LineCount);
        Assert.Equal("4243", output[1].Attrs["pid"]);
    }

    [Fact]
    public void Process_SameRuleStartsAgain_EmitsTheOpenBlockFirst()
    {
        // Arrange
        var lines = new[]
        {
            "Traceback (most recent call last):",
            "  File \"a.py\", line 1, in a",
            "Traceback (most recent call last):",
            "  File \"b.py\", line 2, in b",
            "KeyError: 'x'",
        };

        // Act
        var output = SessionDriver.FeedAll(Set, lines);

        // Assert
        Assert.Equal(2, output.Count);
        Assert.Equal((1, 2), (output[0].Start, output[0].LineCount));
        Assert.Equal((3, 3), (output[1].Start, output[1].LineCount));
        Assert.Equal("KeyError", output[1].Attrs["exception"]);
    }

    [Fact]
    public void Process_StartLineClaimedByExplicitContinue_StaysInOneBlock()
    {
        // Arrange: one assertion line per failing GPU thread is one symptom.
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.assert
            kind: cuda.device_assert
            literals: ["Assertion `"]
            regex: '(?<file>\w+\.cu):(?<line>\d+): .*Assertion `'
            block:
              continue: 'Assertion `'
            tests:
              match: ["K.cu:9: f: block: [0,0,0], thread: [1,0,0] Assertion `x` failed."]
            """));
        var lines = new[]
        {
            "K.cu:9: f: block: [0,0,0], thread: [1,0,0] Assertion `x` failed.",
            "K.cu:9: f: block: [0,0,0], thread: [2,0,0] Assertion `x` failed.",
            "K.cu:9: f: block: [0,0,0], thread: [3,0,0] Assertion `x` failed.",
            "RuntimeError: CUDA error: device-side assert triggered",
        };

        // Act
        var output = SessionDriver.FeedAll(set, lines);

        // Assert
        var match = Assert.Single(output);
        Assert.Equal(3, match.LineCount);
    }

    [Fact]
    public void Process_EndIsContinuation_TriesEndOnlyWhenContinueFails()
    {
        // Arrange: "  at" lines both continue and would end; only a non-continuing "Caused" line ends.
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.eic
            kind: py.exception
            literals: ["Exception in"]
            regex: '^Exception in (?<where>\w+)'
            block:
              continue: '^\s+at '
              end: '(at|Caused by) (?<cause>\w+)'
              endIsContinuation: true
            tests:
              match: ["Exception in main"]
            """));
        var lines = new[] { "Exception in main", "  at foo", "  at bar", "Caused by disk", "after" };

        // Act
        var output = SessionDriver.FeedAll(set, lines);

        // Assert
        var match = Assert.Single(output);
        Assert.Equal(4, match.LineCount);
        Assert.Equal("disk", match.Attrs["cause"]);
    }

    [Fact]
    public void Process_BlockMessageLongerThanLimit_IsTruncatedButCountsLines()
    {
        // Arrange
        var lines = new List<string> { "Traceback (most recent call last):" };
        for (var i = 0; i < 100; i++)
        {
            lines.Add("  File \"" + new string('p', 100) + ".py\", line 1, in f" + i);
        }

        lines.Add("MemoryError");

        // Act
        var match = Assert.Single(SessionDriver.FeedAll(Set, lines));

        // Assert
        Assert.Equal(102, match.LineCount);
        Assert.Equal(RuleLimits.MaxMessageChars, match.Message.Length);
        Assert.EndsWith("…", match.Message, StringComparison.Ordinal);
        Assert.Equal("true", match.Attrs["truncated"]);
        Assert.Equal("MemoryError", match.Attrs["exception"]);
        Assert.Equal("f99 < f98 < f97", match.Attrs["frames"]);
    }

    [Fact]
    public void Process_MoreOpenBlocksThanLimit_EmitsTheOldest()
    {
        // Arrange
        var session = Set.CreateSession<int>();
        var output = new List<RuleMatch<int>>();
        for (var i = 0; i < RuleLimits.MaxOpenBlocks; i++)
        {
            session.Process("Traceback (most recent call last):", "s" + i, i, i, output);
        }

        // Act
        session.Process("Traceback (most recent call last):", "one more", -1, -1, output);

        // Assert
        var evicted = Assert.Single(output);
        Assert.Equal(0, evicted.Start);
        Assert.Equal(-1, session.OldestOpenBlockOffset);
    }

    [Fact]
    public void Process_OnlyPrefilteredLines_GivesTheSameMatchesAsEveryLine()
    {
        // Arrange: a mixed log with benign lines, blocks on two streams and single-line matches.
        var lines = new List<string> { "step 1 loss 2.3", "benign" };
        lines.AddRange(SessionDriver.Lines(Traceback));
        lines.AddRange(["benign again", "NVRM: Xid (PCI:0000:3b:00): 79, pid=1, name=p, x"]);
        lines.AddRange(SessionDriver.Lines(Traceback));
        lines.AddRange(["python invoked oom-killer: gfp", " x", "Killed process 1 (p)", "step 2 loss 2.2"]);
        Func<int, string> stream = i => (i / 3 % 2).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var all = SessionDriver.FeedAll(Set, lines, stream);
        var filtered = SessionDriver.FeedPrefiltered(Set, lines, stream);

        // Assert
        Assert.NotEmpty(all);
        Assert.Equal(Describe(all), Describe(filtered));
    }

    private static List<string> Describe(List<RuleMatch<int>> matches) =>
        matches.Select(m => $"{m.Rule.Id}@{m.Start}+{m.LineCount}:{m.Signature}:{string.Join(",", m.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal))}:{m.Message}").ToList();
}
