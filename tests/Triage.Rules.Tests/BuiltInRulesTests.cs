using Triage.Testing;

namespace Triage.Rules.Tests;

/// <summary>The shipped rules/ directory: it loads, and every rule's own test lines pass.</summary>
public class BuiltInRulesTests
{
    private static readonly Lazy<RuleSet> BuiltIn = new(() => RuleSet.LoadDirectory(TestRepository.Rules));

    [Fact]
    public void LoadDirectory_BuiltInRules_EveryRuleHasATest()
    {
        // Act
        var rules = BuiltIn.Value.Rules;

        // Assert
        Assert.All(rules, rule => Assert.NotEmpty(rule.Tests.Match));
    }

    [Fact]
    public void RunTests_BuiltInRules_AllPass()
    {
        // Act
        var report = BuiltIn.Value.RunTests();

        // Assert
        Assert.True(report.AllPassed, report.ToString());
    }
}
