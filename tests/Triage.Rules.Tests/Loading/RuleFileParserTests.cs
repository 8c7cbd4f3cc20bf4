using Triage.Rules.Tests.Support;

namespace Triage.Rules.Tests.Loading;

public class RuleFileParserTests
{
    // Rule lines start at file line 4 ("  - id: t.rule"); the rule's keys are at column 5.
    private const string BaseRule = """
        id: t.rule
        kind: gpu.xid
        literals: ["Xid"]
        regex: 'Xid (?<xid>\d+)'
        tests:
          match:
            - text: "Xid 79"
        """;

    [Fact]
    public void Parse_BaseRule_Loads()
    {
        // Arrange
        var yaml = SampleRules.WithRule(BaseRule);

        // Act
        var set = RuleSet.Parse([("t.yaml", yaml)]);

        // Assert
        var rule = Assert.Single(set.Rules);
        Assert.Equal("t.rule", rule.Id);
        Assert.Equal(4, rule.Line);
        Assert.Equal(5, rule.Column);
        Assert.True(set.RunTests().AllPassed);
    }

    [Theory]
    [InlineData("kind: gpu.xid", "kind: gpu.xidd", 5, 11, "unknown kind 'gpu.xidd'")]
    [InlineData(@"regex: 'Xid (?<xid>\d+)'", "regex: '(unclosed'", 7, 12, "invalid regex")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nseverity: fatal", 6, 15, "unknown severity 'fatal'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\ncategory: gpu", 6, 15, "unknown category 'gpu'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nregexp: 'x'", 6, 5, "unknown key 'regexp' in rule (did you mean 'regex'?)")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nignoreCase: sometimes", 6, 17, "must be true or false")]
    [InlineData("literals: [\"Xid\"]", "literals: []", 6, 15, "'literals' must be a non-empty list")]
    [InlineData("literals: [\"Xid\"]", "literals: [\"\"]", 6, 16, "literals must not be empty")]
    [InlineData("literals: [\"Xid\"]", "literals: [[\"Xid\"]]", 6, 16, "'literals' must be a string")]
    [InlineData("literals: [\"Xid\"]", "", 4, 5, "missing required key 'literals'")]
    [InlineData("kind: gpu.xid", "", 4, 5, "missing required key 'kind'")]
    [InlineData(@"regex: 'Xid (?<xid>\d+)'", "regex: ''", 7, 12, "'regex' must not be empty")]
    [InlineData(@"regex: 'Xid (?<xid>\d+)'", @"regex: 'Xid (?<xid>\d+)(?!\d)'", 7, 12, "'regex' uses a negative lookahead '(?!'")]
    [InlineData(@"regex: 'Xid (?<xid>\d+)'", @"regex: '(?<=NVRM: )Xid (?<xid>\d+)'", 7, 12, "'regex' uses a lookbehind '(?<='")]
    [InlineData(@"regex: 'Xid (?<xid>\d+)'", @"regex: 'Xid (?<xid>\d+)'" + "\nexclude: '^(?=x)'", 8, 14, "'exclude' uses a lookahead '(?='")]
    [InlineData("tests:\n  match:\n    - text: \"Xid 79\"", "", 4, 5, "missing required key 'tests'")]
    [InlineData("  match:\n    - text: \"Xid 79\"", "  match: []", 9, 14, "every rule needs at least one match test")]
    [InlineData("  match:\n    - text: \"Xid 79\"", "  noMatch: [\"x\"]", 9, 7, "every rule needs at least one match test")]
    [InlineData("    - text: \"Xid 79\"", "    - text: \"Xid 79\"\n      attrs: { xid: [79] }", 11, 25, "'attrs.xid' must be a string")]
    [InlineData("    - text: \"Xid 79\"", "    - text: \"Xid 79\"\n      severity: loud", 11, 21, "unknown severity 'loud'")]
    [InlineData("    - text: \"Xid 79\"", "    - text: \"\"", 10, 17, "a test text must not be empty")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nsignature: 'xid-{xdi}'", 6, 16, "signature references unknown attr 'xdi'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nattrs: { 9lives: x }", 6, 14, "invalid attribute name '9lives'")]
    public void Parse_InvalidRule_ThrowsWithFileLineAndRuleId(string find, string replace, int line, int column, string detail)
    {
        // Arrange
        var yaml = SampleRules.WithRule(BaseRule.Replace(find, replace, StringComparison.Ordinal));

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("rules/t.yaml", yaml)]));

        // Assert
        Assert.StartsWith($"rules/t.yaml:{line}:{column}: rule 't.rule': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.RuleError, ex.ExitCode);
        Assert.Equal("t.rule", ex.RuleId);
        Assert.Equal(line, ex.Line);
    }

    [Theory]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nmap: { attr: xid, values: { \"79\": { kind: gpu.lost } } }", "a map entry cannot change 'kind'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nmap: { attr: nope, values: {} }", "map attr 'nope' is not produced by the rule")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nmap: { attr: xid, values: { \"79\": { category: gpu } } }", "unknown category 'gpu'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nmap: { attr: xid, values: { \"79\": hardware } }", "a map entry must be a mapping")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nmap: { attr: xid, value: {} }", "unknown key 'value' in map (did you mean 'values'?)")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { maxLines: 0 }", "'maxLines' must be between 1 and 2000, found 0")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { maxLines: 5000 }", "'maxLines' must be between 1 and 2000, found 5000")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { end: 'x', endIsContinuation: true }", "'endIsContinuation: true' needs both 'continue' and 'end'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { end: '(x' }", "invalid end")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { contine: 'x' }", "unknown key 'contine' in block (did you mean 'continue'?)")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { collect: [ { regex: '(?<f>x)', into: frames, keep: middle 3 } ] }", "'keep' must be 'all', 'first N' or 'last N'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { collect: [ { regex: '(?<f>x)', into: frames, keep: last 51 } ] }", "'keep' must be 'all', 'first N' or 'last N'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { collect: [ { regex: '(?<f>x)', into: frames, value: '{g}' } ] }", "collect value references 'g'")]
    [InlineData("kind: gpu.xid", "kind: gpu.xid\nblock: { collect: [ { regex: 'x', into: a }, { regex: 'y', into: a } ] }", "two collect entries write into 'a'")]
    public void Parse_InvalidMapOrBlock_ThrowsWithRuleId(string find, string replace, string detail)
    {
        // Arrange
        var yaml = SampleRules.WithRule(BaseRule.Replace(find, replace, StringComparison.Ordinal));

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("rules/t.yaml", yaml)]));

        // Assert
        Assert.Matches(@"^rules/t\.yaml:6:\d+: rule 't\.rule': ", ex.Message);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("schemaVersion: 1", "schemaVersion: 2", 1, 16, "unsupported schemaVersion 2")]
    [InlineData("schemaVersion: 1", "schemaVersion: one", 1, 16, "'schemaVersion' must be an integer")]
    [InlineData("schemaVersion: 1\n", "", 1, 1, "missing required key 'schemaVersion'")]
    [InlineData("family: t", "family: T T", 2, 9, "invalid family 'T T'")]
    [InlineData("family: t", "familly: t", 2, 1, "unknown key 'familly' in rule file (did you mean 'family'?)")]
    public void Parse_InvalidFileHeader_ThrowsWithFileAndLine(string find, string replace, int line, int column, string detail)
    {
        // Arrange
        var yaml = SampleRules.WithRule(BaseRule).Replace(find, replace, StringComparison.Ordinal);

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("rules/t.yaml", yaml)]));

        // Assert
        Assert.StartsWith($"rules/t.yaml:{line}:{column}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.RuleId);
    }

    [Fact]
    public void Parse_InvalidRuleId_ThrowsNamingTheId()
    {
        // Arrange
        var yaml = SampleRules.WithRule(BaseRule.Replace("id: t.rule", "id: T Rule", StringComparison.Ordinal));

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("t.yaml", yaml)]));

        // Assert
        Assert.Equal("t.yaml:4:9: invalid rule id 'T Rule' (use a-z, 0-9, '_', '.', '-')", ex.Message);
    }

    [Fact]
    public void Parse_DuplicateIdInOneFile_ThrowsAtSecondRule()
    {
        // Arrange
        var rule = SampleRules.WithRule(BaseRule);
        var second = string.Join('\n', rule.Split('\n')[3..]);
        var yaml = rule + second;

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("t.yaml", yaml)]));

        // Assert
        Assert.Equal("t.yaml:11:5: rule 't.rule': duplicate rule id (first defined at t.yaml:4)", ex.Message);
    }

    [Fact]
    public void Parse_DuplicateIdAcrossFiles_ThrowsNamingBothFiles()
    {
        // Arrange
        var first = SampleRules.WithRule(BaseRule, family: "a");
        var second = SampleRules.WithRule(BaseRule, family: "b");

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("rules/a.yaml", first), ("rules/b.yaml", second)]));

        // Assert
        Assert.Equal("rules/b.yaml:4:5: rule 't.rule': duplicate rule id (first defined at rules/a.yaml:4)", ex.Message);
    }

    [Fact]
    public void Parse_DuplicateFamilyAcrossFiles_Throws()
    {
        // Arrange
        var first = SampleRules.WithRule(BaseRule);
        var second = SampleRules.WithRule(BaseRule.Replace("t.rule", "t.other", StringComparison.Ordinal));

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("a.yaml", first), ("b.yaml", second)]));

        // Assert
        Assert.Equal("b.yaml:2:9: family 't' is already defined by a.yaml", ex.Message);
    }

    [Fact]
    public void Parse_FileLargerThanLimit_Throws()
    {
        // Arrange
        var yaml = SampleRules.WithRule(BaseRule) + "# " + new string('x', RuleLimits.MaxFileBytes) + "\n";

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("big.yaml", yaml)]));

        // Assert
        Assert.Equal($"big.yaml: rule file larger than {RuleLimits.MaxFileBytes} bytes", ex.Message);
    }

    [Fact]
    public void Parse_MoreRulesThanPerFileLimit_Throws()
    {
        // Arrange
        var text = new System.Text.StringBuilder("schemaVersion: 1\nfamily: t\nrules:\n");
        for (var i = 0; i <= RuleLimits.MaxRulesPerFile; i++)
        {
            text.Append("  - { id: r").Append(i).Append(", kind: gpu.xid, literals: [x], regex: x, tests: { match: [x] } }\n");
        }

        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("t.yaml", text.ToString())]));

        // Assert
        Assert.Contains($"more than {RuleLimits.MaxRulesPerFile} rules in one file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoRules_Throws()
    {
        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("t.yaml", "schemaVersion: 1\nfamily: t\nrules: []\n")]));

        // Assert
        Assert.Equal("t.yaml:3:8: 'rules' must be a non-empty list of rules", ex.Message);
    }

    [Fact]
    public void Parse_EmptyFile_Throws()
    {
        // Act
        var ex = Assert.Throws<RuleLoadException>(() => RuleSet.Parse([("t.yaml", "# nothing\n")]));

        // Assert
        Assert.Equal("t.yaml:1:1: the rule file is empty", ex.Message);
    }

    [Fact]
    public void Parse_CategoryAbsent_UsesKindDefault()
    {
        // Arrange
        var yaml = SampleRules.WithRule(BaseRule.Replace("kind: gpu.xid", "kind: proc.oom_killed", StringComparison.Ordinal));

        // Act
        var rule = RuleSet.Parse([("t.yaml", yaml)]).Rules[0];

        // Assert
        Assert.Equal(Triage.Symptoms.SymptomCategory.Resource, rule.Category);
        Assert.Equal(Triage.Symptoms.Severity.Error, rule.Severity);
    }
}
