using Triage.Rules.Tests.Support;
using Triage.Symptoms;

namespace Triage.Rules.Tests;

public class RuleTestReportTests
{
    private const string XidRule = """
        id: t.xid
        kind: gpu.xid
        literals: ["Xid"]
        regex: 'Xid (?<xid>\d+)'
        signature: 'xid-{xid}'
        tests:
          match:
            - text: "Xid 79"
              attrs: { xid: "79" }
            - text: "Xid 48"
              attrs: { xid: "79" }
              signature: xid-79
              category: network
              severity: critical
            - text: "nothing here"
            - text: "Xid none"
          noMatch:
            - "no literal"
            - "Xid 13"
        """;

    [Fact]
    public void RunTests_SampleRules_AllPass()
    {
        // Arrange
        var set = SampleRules.Load(SampleRules.Kernel, SampleRules.Python);

        // Act
        var report = set.RunTests();

        // Assert
        Assert.True(report.AllPassed, report.ToString());
        Assert.Equal(6, report.Total);
        Assert.Equal(6, report.Passed);
    }

    [Fact]
    public void RunTests_FailingTests_ReportReasonsWithFileAndLine()
    {
        // Arrange
        var set = RuleSet.Parse([("rules/t.yaml", SampleRules.WithRule(XidRule))]);

        // Act
        var report = set.RunTests();

        // Assert
        Assert.False(report.AllPassed);
        Assert.Equal((6, 2, 4), (report.Total, report.Passed, report.Failed));
        Assert.Equal(
            [
                "rules/t.yaml:13: rule 't.xid' match #2: attr xid expected '79' got '48'; signature expected 'xid-79' got 'xid-48'; category expected 'network' got 'hardware'; severity expected 'critical' got 'error'",
                "rules/t.yaml:18: rule 't.xid' match #3: no match (the text contains none of the rule's literals)",
                "rules/t.yaml:19: rule 't.xid' match #4: no match (a literal occurs, but the regex matches no line)",
                "rules/t.yaml:22: rule 't.xid' noMatch #2: expected no match, got 1 (signature 'xid-13')",
            ],
            report.Failures.Select(f => f.Reason));
        Assert.StartsWith("Rule tests: 2 passed, 4 failed\n", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunTests_MatchTestYieldingTwoMatches_Fails()
    {
        // Arrange
        var set = RuleSet.Parse([("t.yaml", SampleRules.WithRule("""
            id: t.two
            kind: gpu.xid
            literals: ["Xid"]
            regex: 'Xid'
            tests:
              match:
                - text: |
                    Xid 1
                    Xid 2
            """))]);

        // Act
        var report = set.RunTests();

        // Assert
        var failure = Assert.Single(report.Failures);
        Assert.Equal("t.yaml:10: rule 't.two' match #1: expected exactly one match, got 2", failure.Reason);
        Assert.Equal(failure.Reason, failure.ToString());
        Assert.True(failure.IsMatchTest);
        Assert.Equal(1, failure.Number);
    }

    [Fact]
    public void RunTests_OneFile_RunsOnlyItsRules()
    {
        // Arrange
        var set = RuleSet.Parse([("a.yaml", SampleRules.Kernel), ("b.yaml", SampleRules.Python)]);

        // Act
        var report = set.RunTests("b.yaml");

        // Assert
        Assert.Equal(["py.traceback", "cuda.illegal_address"], report.Results.Select(r => r.Rule.Id));
        Assert.Throws<ArgumentException>(() => set.RunTests("c.yaml"));
    }

    [Fact]
    public void RunTests_Expectations_AreParsedIntoTestCases()
    {
        // Arrange
        var set = RuleSet.Parse([("t.yaml", SampleRules.WithRule(XidRule))]);

        // Act
        var test = set.Rules[0].Tests.Match[1];

        // Assert
        Assert.Equal("Xid 48", test.Text);
        Assert.Equal(13, test.Line);
        Assert.Equal("79", test.Attrs["xid"]);
        Assert.Equal("xid-79", test.Signature);
        Assert.Equal(SymptomCategory.Network, test.Category);
        Assert.Equal(Severity.Critical, test.Severity);
    }
}
