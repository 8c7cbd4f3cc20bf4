using Triage.Rules.Tests.Support;

namespace Triage.Rules.Tests;

public sealed class RuleSetTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "triage-rules-" + Guid.NewGuid().ToString("N"));

    public RuleSetTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadDirectory_YamlAndYmlFiles_LoadsThemSortedByName()
    {
        // Arrange
        File.WriteAllText(Path.Combine(_directory, "b-python.yml"), SampleRules.Python);
        File.WriteAllText(Path.Combine(_directory, "a-kernel.yaml"), SampleRules.Kernel);
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "not a rule file");

        // Act
        var set = RuleSet.LoadDirectory(_directory);

        // Assert
        Assert.Equal(["kernel", "python"], set.Files.Select(f => f.Family));
        Assert.Equal(Path.Combine(_directory, "a-kernel.yaml"), set.Files[0].Path);
        Assert.Equal(set.Files.Sum(f => f.Rules.Count), set.Rules.Count);
        Assert.Equal(Path.Combine(_directory, "b-python.yml"), set.Rules[^1].File);
    }

    [Fact]
    public void LoadDirectory_Missing_ThrowsRuleLoadException()
    {
        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.LoadDirectory(Path.Combine(_directory, "nope")));

        // Assert
        Assert.EndsWith("nope: rule directory not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_Empty_GivesEmptySetThatMatchesNothing()
    {
        // Act
        var set = RuleSet.LoadDirectory(_directory);
        var output = new List<RuleMatch<int>>();
        set.CreateSession<int>().Process("anything", "", 0, 1, output);

        // Assert
        Assert.Empty(set.Rules);
        Assert.Empty(output);
        Assert.True(set.RunTests().AllPassed);
    }

    [Fact]
    public void LoadFiles_MissingFile_ThrowsNamingIt()
    {
        // Arrange
        var path = Path.Combine(_directory, "gone.yaml");

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.LoadFiles([path]));

        // Assert
        Assert.Equal($"{path}: rule file not found", ex.Message);
    }

    [Fact]
    public void LoadFiles_FileOverSizeLimit_ThrowsBeforeParsing()
    {
        // Arrange
        var path = Path.Combine(_directory, "big.yaml");
        File.WriteAllText(path, new string('#', RuleLimits.MaxFileBytes + 1));

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.LoadFiles([path]));

        // Assert
        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Literals_SharedBetweenRules_AreDistinctAndInPrefilter()
    {
        // Arrange
        var set = SampleRules.Load(SampleRules.Kernel, SampleRules.WithRule("""
            id: t.again
            kind: gpu.xid
            literals: ["NVRM: Xid", "other"]
            regex: 'NVRM: Xid'
            tests:
              match: ["NVRM: Xid"]
            """));

        // Act
        var literals = set.Literals;

        // Assert
        Assert.Equal(["NVRM: Xid", "invoked oom-killer", "Killed process", "other"], literals);
        Assert.True("x other y".AsSpan().IndexOfAny(set.Prefilter) >= 0);
        Assert.True("nvrm: xid".AsSpan().IndexOfAny(set.Prefilter) < 0);
    }

    [Fact]
    public void Parse_Rule_ExposesItsDefinition()
    {
        // Act
        var rule = SampleRules.Load(SampleRules.Kernel).Rules[0];

        // Assert
        Assert.Equal("kernel", rule.Family);
        Assert.Equal("gpu.xid", rule.Kind);
        Assert.Equal("NVIDIA driver Xid event", rule.Description);
        Assert.Equal("xid-{xid}", rule.Signature);
        Assert.False(rule.IsBlock);
        Assert.False(rule.UsesBacktracking);
        Assert.StartsWith("NVRM: Xid", rule.Pattern, StringComparison.Ordinal);
        Assert.Equal("nvrm", rule.Attrs["source"]);
        Assert.Single(rule.Tests.Match);
        Assert.Single(rule.Tests.NoMatch);
        Assert.True(SampleRules.Load(SampleRules.Kernel).Rules[1].IsBlock);
    }
}
