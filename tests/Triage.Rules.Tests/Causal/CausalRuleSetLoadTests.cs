using Triage.Rules.Causal;
using Triage.Rules.Tests.Causal.Support;

namespace Triage.Rules.Tests.Causal;

/// <summary>Every way a causal rule file can be wrong names the file, line, column and (when known) the rule.</summary>
public class CausalRuleSetLoadTests
{
    [Fact]
    public void Parse_Sample_LoadsModel()
    {
        // Act
        var set = CausalRuleSet.Parse(CausalSamples.OneRule, "t.yaml");

        // Assert
        var rule = Assert.Single(set.Rules);
        Assert.Equal("t.rule", rule.Id);
        Assert.Equal(("t.yaml", 4, 5), (rule.File, rule.Line, rule.Column));
        Assert.Equal(["gpu.lost"], rule.Cause.Kinds);
        Assert.Equal(Triage.Symptoms.Severity.Error, rule.Cause.MinSeverity);
        Assert.Equal(CausalScope.Run, rule.Scope);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(40)), (rule.Before, rule.After));
        Assert.Equal(2, rule.Tests.Count);
        Assert.Equal(11, rule.Tests[0].Line);
        Assert.Equal("node-017", rule.Tests[0].Cause.Host);
        Assert.True(set.RunTests().AllPassed);
    }

    [Theory]
    [InlineData("scope: run", "scope: run\n    windw: { after: 1m }", 9, "windw", "unknown key 'windw' in causal rule (did you mean 'window'?)")]
    [InlineData("after: 40m", "after: 40min", 9, "40min", "'after' must be a duration such as 500ms, 30s, 10m, 2h or 1h30m, found '40min'")]
    [InlineData("before: 30s", "before: -5s", 9, "-5s", "'before' must be a duration")]
    [InlineData("after: 40m", "after: 8d", 9, "8d", "'after' is longer than 7d")]
    [InlineData("after: 40m", "after: 40", 9, "40 }", "'after' must be a duration")]
    [InlineData("{ before: 30s, after: 40m }", "{ before: 30s }", 9, "{ before", "window is missing required key 'after'")]
    [InlineData("{ before: 30s, after: 40m }", "{ after: 40m, skew: 1s }", 9, "skew", "unknown key 'skew' in window")]
    [InlineData("kinds: [gpu.lost]", "kinds: [gpu.lots]", 6, "gpu.lots", "unknown kind 'gpu.lots'")]
    [InlineData("kinds: [gpu.lost]", "kinds: [foo.*]", 6, "foo.*", "wildcard 'foo.*' matches no kind")]
    [InlineData("kinds: [gpu.lost]", "kinds: gpu.lost", 6, "gpu.lost", "'cause.kinds' must be a list, found a scalar")]
    [InlineData("minSeverity: error", "minSeverity: fatal", 6, "fatal", "unknown severity 'fatal'")]
    [InlineData("minSeverity: error", "categories: [gpu]", 6, "gpu]", "unknown category 'gpu'")]
    [InlineData("minSeverity: error", "attrs: { 9lives: x }", 6, "9lives", "invalid attribute name '9lives'")]
    [InlineData("minSeverity: error", "minSeverty: error", 6, "minSeverty", "unknown key 'minSeverty' in cause (did you mean 'minSeverity'?)")]
    [InlineData("scope: run", "scope: job", 8, "job", "unknown scope 'job' (expected run, host, gpu, rank, process)")]
    [InlineData("scope: run", "scope: [run]", 8, "[run]", "'scope' must be a string, found a list")]
    [InlineData("    scope: run\n", "", 4, "id:", "causal rule is missing required key 'scope'")]
    [InlineData("    description: Peers time out after a GPU is lost.\n", "", 4, "id:", "causal rule is missing required key 'description'")]
    [InlineData("description: Peers time out after a GPU is lost.", "description: '  '", 5, "'  '", "'description' must not be empty")]
    [InlineData("cause: { kinds: [gpu.lost], minSeverity: error }", "cause: gpu.lost", 6, "gpu.lost", "cause must be a mapping, found a scalar")]
    [InlineData("effect: { kinds: [nccl.timeout] }", "effect: {}", 7, "{}", "'effect' must name kinds or categories")]
    [InlineData("effect: { kinds: [nccl.timeout] }", "effect: { minSeverity: error }", 7, "{ min", "'effect' must name kinds or categories")]
    [InlineData("explains: false", "explains: true", 11, "- cause", "needs at least one test with 'explains: true' and one with 'explains: false'")]
    [InlineData("explains: false", "explains: maybe", 16, "maybe", "'explains' must be true or false")]
    [InlineData("\"2026-05-02T04:10:00Z\"", "\"yesterday\"", 15, "\"yesterday\"", "'time' must be an ISO 8601 time")]
    [InlineData("{ kind: nccl.timeout, time: \"2026-05-02T04:10:00Z\" }", "{ kind: nccl.tmeout }", 15, "nccl.tmeout", "unknown kind 'nccl.tmeout'")]
    [InlineData("{ kind: nccl.timeout, time: \"2026-05-02T04:10:00Z\" }", "{ kind: nccl.timeout, rnak: 3 }", 15, "rnak", "unknown key 'rnak' in test symptom (did you mean 'rank'?)")]
    [InlineData("{ kind: nccl.timeout, time: \"2026-05-02T04:10:00Z\" }", "{ kind: nccl.timeout, rank: -1 }", 15, "-1", "'rank' must be between 0 and")]
    [InlineData("{ kind: nccl.timeout, time: \"2026-05-02T04:10:00Z\" }", "{ time: \"2026-05-02T04:10:00Z\" }", 15, "{ time", "test symptom is missing required key 'kind'")]
    public void Parse_InvalidRule_ThrowsWithFileLineColumnAndRuleId(string find, string replace, int line, string at, string detail)
    {
        // Arrange
        Assert.Contains(find, CausalSamples.OneRule, StringComparison.Ordinal);
        var yaml = CausalSamples.OneRule.Replace(find, replace, StringComparison.Ordinal);
        var column = yaml.Split('\n')[line - 1].IndexOf(at, StringComparison.Ordinal) + 1;

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => CausalRuleSet.Parse(yaml, "t.yaml"));

        // Assert
        Assert.Contains(detail, ex.Detail, StringComparison.Ordinal);
        Assert.Equal(("t.yaml", line, column, "t.rule"), (ex.FilePath, ex.Line, ex.Column, ex.RuleId));
        Assert.StartsWith($"t.yaml:{line}:{column}: rule 't.rule': ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("schemaVersion: 1", "schemaVersion: 2", 1, 16, "unsupported schemaVersion 2 (this version of triage reads 1)")]
    [InlineData("schemaVersion: 1", "schemaVersion: one", 1, 16, "'schemaVersion' must be an integer, found 'one'")]
    [InlineData("schemaVersion: 1\n", "", 1, 1, "causal rule file is missing required key 'schemaVersion'")]
    [InlineData("family: causal", "family: kernel", 2, 9, "a causal rule file has 'family: causal', found 'kernel'")]
    [InlineData("family: causal", "family: causal\nrulez: []", 3, 1, "unknown key 'rulez' in causal rule file (did you mean 'rules'?)")]
    [InlineData("  - id: t.rule", "  - just a string\n  - id: t.rule", 4, 5, "a causal rule must be a mapping, found a scalar")]
    [InlineData("  - id: t.rule", "  - id: T Rule", 4, 9, "invalid rule id 'T Rule'")]
    [InlineData("  - id: t.rule", "  - name: t.rule", 4, 5, "causal rule is missing required key 'id'")]
    [InlineData("cause: { kinds: [gpu.lost], minSeverity: error }", "cause: { kinds: [gpu.lost }", 6, 31, "invalid YAML")]
    [InlineData("cause: { kinds: [gpu.lost], minSeverity: error }", "cause: *alias", 6, 12, "YAML aliases are not supported")]
    public void Parse_InvalidFile_ThrowsWithFileLineAndColumn(string find, string replace, int line, int column, string detail)
    {
        // Arrange
        var yaml = CausalSamples.OneRule.Replace(find, replace, StringComparison.Ordinal);

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => CausalRuleSet.Parse(yaml, "t.yaml"));

        // Assert
        Assert.Contains(detail, ex.Detail, StringComparison.Ordinal);
        Assert.Equal(("t.yaml", line, column), (ex.FilePath, ex.Line, ex.Column));
        Assert.Null(ex.RuleId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("- a\n- b\n")]
    [InlineData("just text")]
    public void Parse_NotAMapping_ThrowsRuleLoadException(string yaml)
    {
        // Act
        var ex = Assert.Throws<RuleLoadException>(() => CausalRuleSet.Parse(yaml, "t.yaml"));

        // Assert
        Assert.StartsWith("t.yaml:1:1: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyRules_ThrowsAtRules()
    {
        // Act
        var ex = Assert.Throws<RuleLoadException>(() => CausalRuleSet.Parse("schemaVersion: 1\nfamily: causal\nrules: []\n", "t.yaml"));

        // Assert
        Assert.Equal("t.yaml:3:8: 'rules' must be a non-empty list of causal rules", ex.Message);
    }

    [Fact]
    public void Parse_TestsNotAList_ThrowsAtTests()
    {
        // Arrange
        var yaml = CausalSamples.OneRule[..CausalSamples.OneRule.IndexOf("    tests:", StringComparison.Ordinal)] + "    tests: {}\n";

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => CausalRuleSet.Parse(yaml, "t.yaml"));

        // Assert
        Assert.Equal("t.yaml:10:12: rule 't.rule': 'tests' must be a list, found a mapping", ex.Message);
    }

    [Fact]
    public void Parse_DuplicateIdInOneFile_NamesSecondRuleAndFirstLine()
    {
        // Arrange
        var yaml = CausalSamples.OneRule + CausalSamples.SecondRule("t.rule");

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => CausalRuleSet.Parse(yaml, "t.yaml"));

        // Assert
        Assert.Equal("t.yaml:17:5: rule 't.rule': duplicate rule id (first defined at t.yaml:4)", ex.Message);
    }

    [Fact]
    public void Parse_DuplicateIdAcrossFiles_NamesBothFiles()
    {
        // Act
        var ex = Assert.Throws<RuleLoadException>(
            () => CausalRuleSet.Parse([("a.yaml", CausalSamples.OneRule), ("b.yaml", CausalSamples.OneRule)]));

        // Assert
        Assert.Equal("b.yaml:4:5: rule 't.rule': duplicate rule id (first defined at a.yaml:4)", ex.Message);
    }

    [Fact]
    public void Parse_BeforeOmitted_DefaultsToThirtySeconds()
    {
        // Arrange
        var yaml = CausalSamples.OneRule.Replace("{ before: 30s, after: 40m }", "{ after: 1h30m }", StringComparison.Ordinal);

        // Act
        var rule = Assert.Single(CausalRuleSet.Parse(yaml, "t.yaml").Rules);

        // Assert
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(90)), (rule.Before, rule.After));
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("10m", 600_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void Parse_Durations_Accepted(string text, long milliseconds)
    {
        // Arrange
        var yaml = CausalSamples.OneRule.Replace("after: 40m", "after: " + text, StringComparison.Ordinal);

        // Act
        var rule = Assert.Single(CausalRuleSet.Parse(yaml, "t.yaml").Rules);

        // Assert
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), rule.After);
    }

    [Fact]
    public void LoadDirectory_Missing_IsEmpty()
    {
        // Act
        var set = CausalRuleSet.LoadDirectory(Path.Combine(Path.GetTempPath(), "no-such-causal-dir-" + Guid.NewGuid().ToString("N")));

        // Assert
        Assert.Same(CausalRuleSet.Empty, set);
        Assert.Empty(set.Rules);
        Assert.Empty(set.EffectKinds);
    }

    [Fact]
    public void LoadDirectory_ReadsYamlFilesSortedAndIgnoresOthers()
    {
        // Arrange
        var dir = Directory.CreateTempSubdirectory("causal-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "b.yaml"), CausalSamples.OneRule.Replace("t.rule", "b.rule", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(dir, "a.yml"), CausalSamples.OneRule.Replace("t.rule", "a.rule", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "not yaml: [");

            // Act
            var set = CausalRuleSet.LoadDirectory(dir);

            // Assert
            Assert.Equal(["a.rule", "b.rule"], set.Rules.Select(r => r.Id));
            Assert.Equal(2, set.Files.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LoadFiles_MissingFile_ThrowsNamingIt()
    {
        // Act
        var ex = Assert.Throws<RuleLoadException>(() => CausalRuleSet.LoadFiles(["/no/such/causal.yaml"]));

        // Assert
        Assert.Equal("/no/such/causal.yaml: causal rule file not found", ex.Message);
    }
}
