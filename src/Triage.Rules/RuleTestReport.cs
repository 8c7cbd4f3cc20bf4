using System.Globalization;
using System.Text;

namespace Triage.Rules;

/// <summary>The results of <see cref="RuleSet.RunTests"/>. Immutable.</summary>
public sealed class RuleTestReport
{
    internal RuleTestReport(IReadOnlyList<RuleTestResult> results)
    {
        Results = results;
        var failures = new List<RuleTestResult>();
        foreach (var result in results)
        {
            if (!result.Passed)
            {
                failures.Add(result);
            }
        }

        Failures = failures;
    }

    /// <summary>Every test run, rule by rule, match tests before noMatch tests.</summary>
    public IReadOnlyList<RuleTestResult> Results { get; }

    /// <summary>The failed tests.</summary>
    public IReadOnlyList<RuleTestResult> Failures { get; }

    /// <summary>Tests run.</summary>
    public int Total => Results.Count;

    /// <summary>Tests passed.</summary>
    public int Passed => Results.Count - Failures.Count;

    /// <summary>Tests failed.</summary>
    public int Failed => Failures.Count;

    /// <summary>True when no test failed (also when there was none).</summary>
    public bool AllPassed => Failures.Count == 0;

    /// <summary>"Rule tests: N passed, M failed" followed by one line per failure.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("Rule tests: ")
            .Append(Passed.ToString(CultureInfo.InvariantCulture)).Append(" passed, ")
            .Append(Failed.ToString(CultureInfo.InvariantCulture)).Append(" failed");
        foreach (var failure in Failures)
        {
            text.Append('\n').Append(failure.Reason);
        }

        return text.ToString();
    }
}
