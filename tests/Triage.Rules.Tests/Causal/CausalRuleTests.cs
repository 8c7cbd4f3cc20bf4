using Triage.Rules.Causal;
using Triage.Symptoms;
using static Triage.Rules.Tests.Causal.Support.Symptoms;

namespace Triage.Rules.Tests.Causal;

public class CausalRuleTests
{
    private static readonly CausalRule PeerTimeout = new(
        "peer", "d", new CausalMatch { Kinds = ["gpu.*"], MinSeverity = Severity.Critical }, new CausalMatch { Kinds = ["nccl.timeout"] },
        CausalScope.Run, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(40));

    [Theory]
    [InlineData(-31, false)]
    [InlineData(-30, true)]
    [InlineData(0, true)]
    [InlineData(2400, true)]
    [InlineData(2401, false)]
    public void Explains_WindowEdges_Inclusive(int effectSeconds, bool expected)
    {
        // Arrange
        var cause = Make("c", "gpu.lost", 0, severity: Severity.Critical);
        var effect = Make("e", "nccl.timeout", effectSeconds);

        // Act
        var explains = PeerTimeout.Explains(cause, effect);

        // Assert
        Assert.Equal(expected, explains);
    }

    [Theory]
    [InlineData("1800000", 2401, false)] // torch's default: the window as written
    [InlineData("7200000", 7800, true)]  // a two-hour timeout: the window ends 90 minutes later
    [InlineData("7200000", 7801, false)]
    [InlineData("600000", 2401, false)]  // a shorter timeout never narrows the written window
    [InlineData("not a number", 2401, false)]
    public void Explains_EffectReportsItsWait_WindowFollowsTheTimeout(string ranMs, int effectSeconds, bool expected)
    {
        var cause = Make("c", "gpu.lost", 0, severity: Severity.Critical);
        var effect = Make("e", "nccl.timeout", effectSeconds) with { Attrs = new Dictionary<string, string> { ["ran_ms"] = ranMs } };

        Assert.Equal(expected, PeerTimeout.Explains(cause, effect));
    }

    [Fact]
    public void Explains_SameId_False()
    {
        // Arrange
        var rule = PeerTimeout with { Cause = new CausalMatch(), Effect = new CausalMatch { Kinds = ["nccl.*"] } };
        var symptom = Make("same", "nccl.timeout", 0);

        // Act + Assert
        Assert.False(rule.Explains(symptom, symptom));
        Assert.True(rule.Explains(symptom with { Id = "other" }, symptom));
    }

    [Fact]
    public void Explains_DifferentRunOrMissingTimeOrWeakCause_False()
    {
        // Arrange
        var cause = Make("c", "gpu.xid", 0, severity: Severity.Critical);
        var effect = Make("e", "nccl.timeout", 60);

        // Act + Assert
        Assert.True(PeerTimeout.Explains(cause, effect));
        Assert.False(PeerTimeout.Explains(cause, effect with { Run = "other" }));
        Assert.False(PeerTimeout.Explains(cause with { Timestamp = null }, effect));
        Assert.False(PeerTimeout.Explains(cause, effect with { Timestamp = null }));
        Assert.False(PeerTimeout.Explains(cause with { Severity = Severity.Error }, effect));
        Assert.False(PeerTimeout.Explains(cause, effect with { Kind = "nccl.error" }));
        Assert.False(PeerTimeout.Explains(effect, cause));
    }

    [Theory]
    [InlineData(CausalScope.Host, "h1", null, null, null, "h1", null, null, null, true)]
    [InlineData(CausalScope.Host, "h1", null, null, null, "h2", null, null, null, false)]
    [InlineData(CausalScope.Host, null, null, null, null, null, null, null, null, false)]
    [InlineData(CausalScope.Gpu, "h1", 3, null, null, "h1", 3, null, null, true)]
    [InlineData(CausalScope.Gpu, "h1", 3, null, null, "h2", 3, null, null, false)]
    [InlineData(CausalScope.Gpu, "h1", 3, null, null, "h1", null, null, null, false)]
    [InlineData(CausalScope.Rank, null, null, 7, null, "elsewhere", null, 7, null, true)]
    [InlineData(CausalScope.Rank, null, null, 7, null, null, null, null, null, false)]
    [InlineData(CausalScope.Process, "h1", null, null, 42, "h1", null, null, 42, true)]
    [InlineData(CausalScope.Process, "h1", null, null, 42, "h2", null, null, 42, false)]
    [InlineData(CausalScope.Process, null, null, null, 42, null, null, null, 42, false)]
    [InlineData(CausalScope.Run, null, null, null, null, null, null, null, null, true)]
    public void ScopeHolds_Fields_AsDocumented(
        CausalScope scope, string? hostA, int? gpuA, int? rankA, int? pidA, string? hostB, int? gpuB, int? rankB, int? pidB, bool expected)
    {
        // Arrange
        var a = Make("a", "gpu.lost", 0, hostA, rankA, gpuA, pidA);
        var b = Make("b", "nccl.timeout", 0, hostB, rankB, gpuB, pidB);

        // Act
        var holds = CausalRule.ScopeHolds(scope, a, b);

        // Assert
        Assert.Equal(expected, holds);
    }

    [Fact]
    public void Matches_AttrsAndCategories_AllMustHold()
    {
        // Arrange
        var match = new CausalMatch
        {
            Kinds = ["gpu.xid"],
            Categories = [SymptomCategory.Hardware],
            Attrs = new Dictionary<string, string> { ["xid"] = "79" },
        };
        var xid79 = Make("x", "gpu.xid", 0, attrs: new Dictionary<string, string> { ["xid"] = "79" });

        // Act + Assert
        Assert.True(match.Matches(xid79));
        Assert.False(match.Matches(xid79 with { Attrs = new Dictionary<string, string> { ["xid"] = "13" } }));
        Assert.False(match.Matches(xid79 with { Attrs = new Dictionary<string, string>() }));
        Assert.False(match.Matches(xid79 with { Category = SymptomCategory.Software }));
        Assert.True(new CausalMatch().Matches(xid79));
    }

    [Fact]
    public void Ctor_NegativeWindow_Throws()
    {
        // Act + Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => PeerTimeout with { Before = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new CausalRule("x", "d", new CausalMatch(), new CausalMatch(), CausalScope.Run, TimeSpan.Zero, TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void ToString_ReadsAsRule()
    {
        // Act
        var text = PeerTimeout.ToString();

        // Assert
        Assert.Equal("peer: kinds [gpu.*] minSeverity critical → kinds [nccl.timeout] (run, -30s..+40m)", text);
    }
}
