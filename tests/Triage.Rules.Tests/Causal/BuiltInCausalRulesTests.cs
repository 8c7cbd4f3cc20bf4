using Triage.Rules.Causal;
using Triage.Testing;
using static Triage.Rules.Tests.Causal.Support.Symptoms;

namespace Triage.Rules.Tests.Causal;

/// <summary>The shipped rules/causal directory: it loads, every rule is tested both ways, and the tests pass.</summary>
public class BuiltInCausalRulesTests
{
    private static readonly Lazy<CausalRuleSet> BuiltIn = new(() => CausalRuleSet.LoadDirectory(Path.Combine(TestRepository.Rules, "causal")));

    [Fact]
    public void LoadDirectory_BuiltIn_LoadsSeveralFiles()
    {
        // Act
        var set = BuiltIn.Value;

        // Assert
        Assert.True(set.Files.Count >= 4, string.Join(", ", set.Files));
        Assert.True(set.Rules.Count >= 15, set.Rules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void RunTests_BuiltIn_AllPass()
    {
        // Act
        var report = BuiltIn.Value.RunTests();

        // Assert
        Assert.True(report.AllPassed, report.ToString());
        Assert.True(report.Total >= 2 * BuiltIn.Value.Rules.Count);
    }

    [Fact]
    public void Rules_BuiltIn_EachHasPositiveAndNegativeTests()
    {
        // Assert
        Assert.All(BuiltIn.Value.Rules, rule =>
        {
            Assert.Contains(rule.Tests, t => t.Explains);
            Assert.Contains(rule.Tests, t => !t.Explains);
        });
    }

    [Fact]
    public void EffectKinds_BuiltIn_CollateralButNotHardwareRoots()
    {
        // Act
        var set = BuiltIn.Value;

        // Assert: the cascade kinds are effects; a fallen-off GPU is effect only of the GPU-level rules, a machine check never.
        Assert.Superset(new HashSet<string>(["nccl.timeout", "nccl.error", "torch.sigterm", "torch.child_failed", "job.task_exit", "job.cancelled"]), new HashSet<string>(set.EffectKinds));
        Assert.DoesNotContain("host.mce", set.EffectKinds);
        Assert.DoesNotContain("train.loss_spike", set.EffectKinds);
        Assert.Contains("nccl.timeout", set.CauseKinds);
    }

    [Fact]
    public void Explains_TorchSumStory_TimeoutsAndSigtermsAreCollateralOfTheCrash()
    {
        // Arrange: rank 130 hits an illegal address; 10 minutes later its peers time out and torchrun tears down.
        var set = BuiltIn.Value;
        var crash = Make("crash", "cuda.illegal_address", 0, "node-017", rank: 130);
        var echo = Make("echo", "py.exception", 0, "node-017", rank: 130, attrs: new Dictionary<string, string> { ["exception"] = "RuntimeError" });
        var timeout = Make("timeout", "nccl.timeout", 601, "node-040", rank: 322);
        var sigterm = Make("sigterm", "torch.sigterm", 640, "node-001", severity: Triage.Symptoms.Severity.Warning);
        var spike = Make("spike", "train.loss_spike", 5, "node-017", rank: 130);

        // Act + Assert
        Assert.True(set.Explains(crash, echo));
        Assert.True(set.Explains(crash, timeout));
        Assert.True(set.Explains(crash, sigterm));
        Assert.True(set.Explains(timeout, sigterm));
        Assert.Contains(set.RulesFor(crash, timeout), r => r.Id == "peer-timeout-after-crash");
        Assert.False(set.Explains(timeout, crash));
        Assert.False(set.Explains(crash, spike));
        Assert.False(set.Explains(sigterm, timeout));
    }
}
