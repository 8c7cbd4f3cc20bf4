using Triage.Rules.Causal;
using Triage.Rules.Tests.Causal.Support;
using Triage.Symptoms;
using static Triage.Rules.Tests.Causal.Support.Symptoms;

namespace Triage.Rules.Tests.Causal;

public class CausalRuleSetTests
{
    private static readonly CausalRule GpuToCuda = new(
        "gpu-to-cuda", "d", new CausalMatch { Kinds = ["gpu.lost"] }, new CausalMatch { Kinds = ["cuda.*", "py.exception"] },
        CausalScope.Host, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));

    private static readonly CausalRule AnyToHang = new(
        "any-to-hang", "d", new CausalMatch(), new CausalMatch { Categories = [SymptomCategory.Scheduler] },
        CausalScope.Run, TimeSpan.Zero, TimeSpan.FromMinutes(1));

    [Fact]
    public void EffectKinds_WildcardsAndCategoriesExpandedAgainstBuiltInKinds()
    {
        // Act
        var set = new CausalRuleSet([GpuToCuda]);

        // Assert
        Assert.Equal(
            new HashSet<string>(["cuda.illegal_address", "cuda.device_assert", "cuda.oom", "cuda.error", "py.exception"]),
            new HashSet<string>(set.EffectKinds));
        Assert.Equal(new HashSet<string>(["gpu.lost"]), new HashSet<string>(set.CauseKinds));
        Assert.Equal(SymptomKinds.All.Count, new CausalRuleSet([AnyToHang]).EffectKinds.Count);
    }

    [Fact]
    public void RulesFor_ReturnsEveryRuleThatExplains()
    {
        // Arrange
        var set = new CausalRuleSet([GpuToCuda, AnyToHang]);
        var lost = Make("lost", "gpu.lost", 0, "node-1", severity: Severity.Critical);
        var cuda = Make("cuda", "cuda.error", 5, "node-1") with { Category = SymptomCategory.Scheduler };

        // Act
        var rules = set.RulesFor(lost, cuda).Select(r => r.Id).ToList();

        // Assert
        Assert.Equal(["gpu-to-cuda", "any-to-hang"], rules);
        Assert.Empty(set.RulesFor(lost, cuda with { Host = "node-2", Category = SymptomCategory.Software }));
    }

    [Fact]
    public void Explains_KindNewerThanThisBuild_OnlyWildcardRulesApply()
    {
        // Arrange
        var set = new CausalRuleSet([GpuToCuda]);
        var lost = Make("lost", "gpu.lost", 0, "node-1");

        // Act + Assert
        Assert.True(set.Explains(lost, Make("new", "cuda.graph_error", 1, "node-1")));
        Assert.False(set.Explains(lost, Make("new", "mem.new_kind", 1, "node-1")));
    }

    [Fact]
    public void Ctor_DuplicateIds_Throws()
    {
        // Act + Assert
        Assert.Throws<ArgumentException>(() => new CausalRuleSet([GpuToCuda, GpuToCuda with { Description = "again" }]));
    }

    [Fact]
    public void RunTests_FailingTest_ReportsFileLineRuleAndWhy()
    {
        // Arrange: the positive test's effect is moved outside the window.
        var yaml = CausalSamples.OneRule.Replace("2026-05-02T03:10:00Z", "2026-05-02T04:10:00Z", StringComparison.Ordinal);
        var set = CausalRuleSet.Parse(yaml, "t.yaml");

        // Act
        var report = set.RunTests();

        // Assert
        Assert.Equal((1, 1, false), (report.Passed, report.Failed, report.AllPassed));
        Assert.Equal(
            "t.yaml:11: rule 't.rule' test #1: expected explains, but the effect is 1h10m from the cause, outside the window -30s..+40m",
            report.Failures[0].Reason);
        Assert.Equal("Causal rule tests: 1 passed, 1 failed\n" + report.Failures[0].Reason, report.ToString());
        Assert.Equal("t.yaml:14: rule 't.rule' test #2: passed", report.Results[1].ToString());
    }

    [Theory]
    [InlineData("host: node-017 }", "host: node-017, severity: warning }", "the cause (gpu.lost, hardware, warning) does not match kinds [gpu.lost] minSeverity error")]
    [InlineData("{ kind: nccl.timeout, time: \"2026-05-02T03:10:00Z\", host: node-003 }", "{ kind: nccl.error, time: \"2026-05-02T03:10:00Z\" }", "the effect (nccl.error, software, error) does not match kinds [nccl.timeout]")]
    [InlineData("host: node-017 }", "host: node-017, run: a }", "different runs ('a', 'test')")]
    [InlineData("{ kind: nccl.timeout, time: \"2026-05-02T03:10:00Z\", host: node-003 }", "{ kind: nccl.timeout, host: node-003 }", "a time is missing")]
    public void RunTests_FailingTest_SaysWhichPartFailed(string find, string replace, string why)
    {
        // Arrange
        var set = CausalRuleSet.Parse(CausalSamples.OneRule.Replace(find, replace, StringComparison.Ordinal), "t.yaml");

        // Act
        var failure = Assert.Single(set.RunTests().Failures);

        // Assert
        Assert.EndsWith("expected explains, but " + why, failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RunTests_ScopeNotHeld_SaysScope()
    {
        // Arrange
        var set = CausalRuleSet.Parse(CausalSamples.OneRule.Replace("scope: run", "scope: host", StringComparison.Ordinal), "t.yaml");

        // Act
        var failure = Assert.Single(set.RunTests().Failures);

        // Assert
        Assert.EndsWith("expected explains, but scope host does not hold", failure.Reason, StringComparison.Ordinal);
    }
}
