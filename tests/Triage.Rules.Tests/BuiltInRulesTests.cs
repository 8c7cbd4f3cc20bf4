using System.Reflection;

namespace Triage.Rules.Tests;

/// <summary>The shipped rules/ directory: it loads, and every rule's own test lines pass.</summary>
public class BuiltInRulesTests
{
    private static readonly Lazy<RuleSet> BuiltIn = new(() => RuleSet.LoadDirectory(Path.Combine(RepositoryRoot(), "rules")));

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

    /// <summary>
    /// The folder holding Triage.sln: found by walking up from the test binaries, or, when they are
    /// built elsewhere (<c>--artifacts-path</c>), from the source folder recorded at build time.
    /// </summary>
    private static string RepositoryRoot()
    {
        var recorded = typeof(BuiltInRulesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TestProjectDirectory")?.Value;
        foreach (var start in new[] { AppContext.BaseDirectory, recorded })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Triage.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Triage.sln not found above {AppContext.BaseDirectory} or {recorded}");
    }
}
