using Triage.Rules.Tests.Support;

namespace Triage.Rules.Tests;

/// <summary>
/// <c>fallback: true</c> family rules: tried only on a line no other rule matched and no block holds; the
/// first fallback in rule order that matches is the line's only fallback symptom.
/// </summary>
public class ExtractionSessionFallbackTests
{
    // A specific rule, a family fallback for the same family, a second (catch-all) fallback, and a block rule.
    private static readonly RuleSet Set = SampleRules.Load(
        SampleRules.WithRule("""
            id: t.specific
            kind: nccl.net_error
            literals: ["NCCL WARN"]
            regex: 'NCCL WARN Net : Call to recv from (?<peer>\S+) failed'
            tests:
              match: ["NCCL WARN Net : Call to recv from 10.0.0.1<1> failed : Broken pipe"]
            """, "a"),
        SampleRules.WithRule("""
            id: t.network_family
            kind: nccl.net_error
            fallback: true
            literals: ["NCCL WARN"]
            regex: 'NCCL WARN .*(?:Connection reset by peer|Broken pipe)'
            tests:
              match: ["NCCL WARN Call to write failed : Connection reset by peer."]
            """, "b"),
        SampleRules.WithRule("""
            id: t.catch_all
            kind: nccl.error
            fallback: true
            literals: ["NCCL WARN"]
            regex: 'NCCL WARN (?<message>.+)'
            tests:
              match: ["NCCL WARN Duplicate GPU detected"]
            """, "c"),
        SampleRules.WithRule("""
            id: t.block
            kind: py.exception
            literals: ["Traceback (most recent call last):"]
            regex: 'Traceback \(most recent call last\):'
            block:
              continue: '^\s'
              maxLines: 10
            tests:
              match: ["Traceback (most recent call last):"]
            """, "d"));

    [Fact]
    public void Process_SpecificRuleMatches_NoFallbackFires()
    {
        var output = Extract("NCCL WARN Net : Call to recv from 10.0.0.1<1> failed : Broken pipe");

        var match = Assert.Single(output);
        Assert.Equal("t.specific", match.Rule.Id);
    }

    [Fact]
    public void Process_NoSpecificRule_FirstFallbackInRuleOrderIsTheOnlyOne()
    {
        // Both fallbacks match; the family rule comes first, so the catch-all stays silent.
        var output = Extract("NCCL WARN Call to write failed : Connection reset by peer.");

        var match = Assert.Single(output);
        Assert.Equal("t.network_family", match.Rule.Id);
    }

    [Fact]
    public void Process_OnlyTheCatchAllMatches_ItFires()
    {
        var output = Extract("NCCL WARN Duplicate GPU detected : rank 1 and rank 0 both on CUDA device 1000");

        var match = Assert.Single(output);
        Assert.Equal("t.catch_all", match.Rule.Id);
    }

    [Fact]
    public void Process_LineHeldByAnOpenBlock_NoFallbackFires()
    {
        // The indented line continues the traceback block: it is understood, so no fallback speaks for it.
        var output = Extract("Traceback (most recent call last):\n  NCCL WARN Duplicate GPU detected\nafter");

        var match = Assert.Single(output);
        Assert.Equal("t.block", match.Rule.Id);
        Assert.Equal(2, match.LineCount);
    }

    [Fact]
    public void Process_IndentedOrQuotedLineNothingUnderstood_IsReadAgainWithoutItsLayout()
    {
        // A rule anchored at the message's start still knows the line pasted as a code block or a quote.
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.anchored
            kind: nccl.timeout
            literals: ["Watchdog caught"]
            regex: '^Watchdog caught collective operation timeout'
            tests:
              match: ["Watchdog caught collective operation timeout: WorkNCCL(SeqNum=49)"]
            """));
        var output = new List<RuleMatch<int>>();
        var session = set.CreateSession<int>();

        // agiresearch/InstructGLM#3's line, indented and quoted
        session.Process("    Watchdog caught collective operation timeout: WorkNCCL(SeqNum=49, OpType=ALLREDUCE, Timeout(ms)=18000000)", "s", 0, 1, output);
        session.Process("> > Watchdog caught collective operation timeout: WorkNCCL(SeqNum=49, OpType=ALLREDUCE, Timeout(ms)=18000000)", "s", 1, 2, output);
        session.Process("x Watchdog caught collective operation timeout", "s", 2, 3, output);

        Assert.Equal([1, 2], output.Select(m => m.Start));
    }

    [Fact]
    public void Process_IndentedLineHeldByABlock_IsNotReadAgain()
    {
        // The indented line continues the traceback block: no second reading of it gives a symptom.
        var output = Extract("Traceback (most recent call last):\n  NCCL WARN Call to write failed : Connection reset by peer.");

        Assert.Equal(["t.block"], output.Select(m => m.Rule.Id));
    }

    [Fact]
    public void Parse_FallbackBlockRule_IsRefused()
    {
        var yaml = SampleRules.WithRule("""
            id: t.bad
            kind: py.exception
            fallback: true
            literals: ["Traceback"]
            regex: 'Traceback'
            block:
              continue: '^\s'
            tests:
              match: ["Traceback"]
            """);

        var ex = Assert.Throws<RuleLoadException>(() => SampleRules.Load(yaml));
        Assert.Contains("fallback", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Fallback_IsExposedOnTheRule()
    {
        Assert.Equal([false, true, true, false], Set.Rules.Select(r => r.Fallback));
    }

    // A carrier fallback ("fallback: last") that comes first in rule order, and a family fallback after it.
    private static readonly RuleSet LastSet = SampleRules.Load(
        SampleRules.WithRule("""
            id: t.exception_line
            kind: py.exception
            fallback: last
            literals: ["Error: "]
            regex: '^(?<exception>(?:\w+\.)*[A-Z]\w*Error): '
            tests:
              match: ["ray.exceptions.ActorDiedError: The actor died unexpectedly before finishing this task."]
            """, "a"),
        SampleRules.WithRule("""
            id: t.socket_family
            kind: nccl.net_error
            fallback: true
            literals: ["by peer"]
            regex: 'Connection (?:reset|closed) by peer'
            tests:
              match: ["RuntimeError: Connection reset by peer"]
            """, "b"));

    [Fact]
    public void Process_BothFallbacksMatch_TheLastOneYieldsThoughItComesFirst()
    {
        // A dev line of the real-line corpus: the exception line only carries the socket error the family rule reads.
        Assert.Equal(["t.socket_family"], ExtractWithLast("RuntimeError: Connection reset by peer"));
    }

    [Fact]
    public void Process_OnlyTheLastFallbackMatches_ItFires()
    {
        // hiyouga/EasyR1#300
        Assert.Equal(["t.exception_line"], ExtractWithLast("ray.exceptions.ActorDiedError: The actor died unexpectedly before finishing this task."));
    }

    [Fact]
    public void Parse_FallbackLast_IsAFallbackTriedLast()
    {
        Assert.Equal([true, true], LastSet.Rules.Select(r => r.Fallback));
        Assert.Equal([true, false], LastSet.Rules.Select(r => r.FallbackLast));
        Assert.All(Set.Rules, r => Assert.False(r.FallbackLast));
    }

    /// <summary>The ids of the rules of <see cref="LastSet"/> that give a symptom for one line.</summary>
    private static List<string> ExtractWithLast(string line)
    {
        var output = new List<RuleMatch<int>>();
        LastSet.CreateSession<int>().Process(line, "s", 0, 1, output);
        return [.. output.Select(m => m.Rule.Id)];
    }

    private static List<RuleMatch<int>> Extract(string text)
    {
        var session = Set.CreateSession<int>();
        var output = new List<RuleMatch<int>>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            session.Process(lines[i], "s", i, i + 1, output);
        }

        session.Flush(output);
        return output;
    }
}
