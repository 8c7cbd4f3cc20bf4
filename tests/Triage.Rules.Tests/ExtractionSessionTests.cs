using Triage.Rules.Tests.Support;
using Triage.Symptoms;

namespace Triage.Rules.Tests;

public class ExtractionSessionTests
{
    private const string XidLine = "NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.";

    private static readonly RuleSet Kernel = SampleRules.Load(SampleRules.Kernel);

    [Fact]
    public void Process_XidLine_EmitsMatchWithGroupsConstantsAndMap()
    {
        // Arrange
        var session = Kernel.CreateSession<string>();
        var output = new List<RuleMatch<string>>();

        // Act
        session.Process(XidLine, "node-1", 120, "ctx", output);

        // Assert
        var match = Assert.Single(output);
        Assert.Equal("kernel.nvrm_xid", match.Rule.Id);
        Assert.Equal("ctx", match.Start);
        Assert.Equal(120, match.StartOffset);
        Assert.Equal(XidLine, match.Message);
        Assert.Equal(1, match.LineCount);
        Assert.Equal("xid-79", match.Signature);
        Assert.Equal(SymptomCategory.Hardware, match.Category);
        Assert.Equal(Severity.Critical, match.Severity);
        Assert.Equal("79", match.Attrs["xid"]);
        Assert.Equal("PCI:0000:3b:00", match.Attrs["pci"]);
        Assert.Equal("nvrm", match.Attrs["source"]);
        Assert.Equal("GPU has fallen off the bus", match.Attrs["meaning"]);
    }

    [Fact]
    public void Process_MapValueListed_OverridesCategoryAndSeverity()
    {
        // Arrange
        var output = new List<RuleMatch<int>>();

        // Act
        Kernel.CreateSession<int>().Process(XidLine.Replace(": 79,", ": 13,", StringComparison.Ordinal), "", 0, 1, output);

        // Assert
        var match = Assert.Single(output);
        Assert.Equal(SymptomCategory.Software, match.Category);
        Assert.Equal(Severity.Warning, match.Severity);
        Assert.Equal("Graphics engine exception", match.Attrs["meaning"]);
    }

    [Fact]
    public void Process_MapValueNotListed_UsesDefaultAndRuleSeverity()
    {
        // Arrange
        var output = new List<RuleMatch<int>>();

        // Act
        Kernel.CreateSession<int>().Process(XidLine.Replace(": 79,", ": 48,", StringComparison.Ordinal), "", 0, 1, output);

        // Assert
        var match = Assert.Single(output);
        Assert.Equal("unlisted Xid", match.Attrs["meaning"]);
        Assert.Equal(Severity.Error, match.Severity);
        Assert.Equal(SymptomCategory.Hardware, match.Category);
        Assert.Equal("xid-48", match.Signature);
    }

    [Fact]
    public void Process_EmptyGroup_IsOmittedFromAttrs()
    {
        // Arrange
        var output = new List<RuleMatch<int>>();

        // Act
        Kernel.CreateSession<int>().Process("NVRM: Xid (PCI:0000:3b:00): 79, pid=1, name=, x", "", 0, 1, output);

        // Assert
        Assert.False(Assert.Single(output).Attrs.ContainsKey("name"));
    }

    [Fact]
    public void Process_LiteralAbsent_EmitsNothingEvenIfRegexWouldMatch()
    {
        // Arrange: the regex is case-insensitive, the literal gate is not.
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.ci
            kind: cuda.error
            literals: ["CUDA error"]
            regex: 'cuda error: (?<what>.+)'
            ignoreCase: true
            tests:
              match: ["CUDA ERROR? no: CUDA error: boom"]
            """));
        var output = new List<RuleMatch<int>>();
        var session = set.CreateSession<int>();

        // Act
        session.Process("cuda error: lower case only", "", 0, 1, output);
        session.Process("x CUDA error: Boom", "", 10, 2, output);

        // Assert
        var match = Assert.Single(output);
        Assert.Equal("Boom", match.Attrs["what"]);
        Assert.Equal(2, match.Start);
    }

    [Fact]
    public void Process_LiteralPresentRegexFails_EmitsNothing()
    {
        // Arrange
        var output = new List<RuleMatch<int>>();

        // Act
        Kernel.CreateSession<int>().Process("NVRM: Xid is mentioned in a comment", "", 0, 1, output);

        // Assert
        Assert.Empty(output);
    }

    [Fact]
    public void Process_LineMatchingTwoRules_EmitsBoth()
    {
        // Arrange
        var set = SampleRules.Load(SampleRules.Kernel, SampleRules.Python);
        var output = new List<RuleMatch<int>>();

        // Act
        set.CreateSession<int>().Process(
            "NVRM: Xid (PCI:0000:3b:00): 31, pid=1, name=p, CUDA error: an illegal memory access was encountered", "", 0, 1, output);

        // Assert
        Assert.Equal(["kernel.nvrm_xid", "cuda.illegal_address"], output.Select(m => m.Rule.Id));
    }

    [Fact]
    public void Process_VeryLongLine_MessageTruncatedWithEllipsisAndAttr()
    {
        // Arrange
        var line = XidLine + new string('z', 10_000);
        var output = new List<RuleMatch<int>>();

        // Act
        Kernel.CreateSession<int>().Process(line, "", 0, 1, output);

        // Assert
        var match = Assert.Single(output);
        Assert.Equal(RuleLimits.MaxMessageChars, match.Message.Length);
        Assert.EndsWith("z…", match.Message, StringComparison.Ordinal);
        Assert.Equal("true", match.Attrs["truncated"]);
    }

    [Fact]
    public void Process_LongGroupValue_IsCappedAt512()
    {
        // Arrange
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.long
            kind: cuda.error
            literals: ["E:"]
            regex: 'E: (?<what>.+)'
            signature: '  sig   {what}  '
            tests:
              match: ["E: x"]
            """));
        var output = new List<RuleMatch<int>>();

        // Act
        set.CreateSession<int>().Process("E: " + new string('a', 300) + "\t\t" + new string('b', 700), "", 0, 1, output);

        // Assert
        var match = Assert.Single(output);
        Assert.Equal(RuleLimits.MaxAttrValueChars, match.Attrs["what"].Length);
        Assert.EndsWith("b…", match.Attrs["what"], StringComparison.Ordinal);
        Assert.Equal(RuleLimits.MaxSignatureChars, match.Signature.Length);
        Assert.StartsWith("sig aaa", match.Signature, StringComparison.Ordinal);
        Assert.False(match.Attrs.ContainsKey("truncated"));
    }

    [Fact]
    public void Process_SignatureWithWhitespaceAndControls_IsCollapsed()
    {
        // Arrange
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.sig
            kind: cuda.error
            literals: ["E:"]
            regex: 'E:(?<what>.*)'
            signature: ' {what} / {missing_is_empty} '
            attrs: { missing_is_empty: "" }
            tests:
              match: ["E: x"]
            """));
        var output = new List<RuleMatch<int>>();

        // Act
        set.CreateSession<int>().Process("E:  a \t b\u001b[0m", "", 0, 1, output);

        // Assert
        Assert.Equal("a b [0m /", Assert.Single(output).Signature);
    }

    [Fact]
    public void Process_SignatureRendersEmpty_FallsBackToRuleId()
    {
        // Arrange
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.empty
            kind: cuda.error
            literals: ["E:"]
            regex: 'E:(?<what>.*)'
            signature: '{what}'
            tests:
              match: ["E: x"]
            """));
        var output = new List<RuleMatch<int>>();

        // Act
        set.CreateSession<int>().Process("E:", "", 0, 1, output);

        // Assert
        Assert.Equal("t.empty", Assert.Single(output).Signature);
    }

    [Fact]
    public void Process_ExcludeMatches_RuleDoesNotFire()
    {
        // Arrange: what a negative lookahead used to say, on the linear-time engine.
        var set = SampleRules.Load(SampleRules.WithRule("""
            id: t.abort
            kind: proc.abort
            literals: ["Aborted (core dumped)"]
            regex: '(?:^|[\s:])Aborted \(core dumped\)'
            exclude: '\bsrun: error: '
            tests:
              match: ["Aborted (core dumped)"]
              noMatch: ["srun: error: node-6: tasks 40-47: Aborted (core dumped)"]
            """));
        var output = new List<RuleMatch<int>>();
        var session = set.CreateSession<int>();

        // Act
        session.Process("srun: error: node-6: tasks 40-47: Aborted (core dumped)", "", 0, 1, output);
        session.Process("line 12: 4711 Aborted (core dumped) python train.py", "", 100, 2, output);

        // Assert
        Assert.False(set.Rules[0].UsesBacktracking);
        Assert.Equal(2, Assert.Single(output).Start);
    }

    [Fact]
    public void Process_NullStreamKey_ThrowsArgumentNull()
    {
        // Arrange
        var session = Kernel.CreateSession<int>();

        // Act + Assert
        Assert.Throws<ArgumentNullException>(() => session.Process(XidLine, null!, 0, 1, []));
    }
}
