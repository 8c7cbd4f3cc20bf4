using System.Globalization;
using System.Text;

namespace Triage.Rules.Causal;

/// <summary>The results of <see cref="CausalRuleSet.RunTests"/>. Immutable.</summary>
public sealed class CausalTestReport
{
    internal CausalTestReport(IReadOnlyList<CausalTestResult> results)
    {
        Results = results;
        Failures = results.Where(r => !r.Passed).ToList();
    }

    /// <summary>Every test run, rule by rule in load order, each rule's tests in file order.</summary>
    public IReadOnlyList<CausalTestResult> Results { get; }

    /// <summary>The failed tests.</summary>
    public IReadOnlyList<CausalTestResult> Failures { get; }

    /// <summary>Tests run.</summary>
    public int Total => Results.Count;

    /// <summary>Tests passed.</summary>
    public int Passed => Results.Count - Failures.Count;

    /// <summary>Tests failed.</summary>
    public int Failed => Failures.Count;

    /// <summary>True when no test failed (also when there was none).</summary>
    public bool AllPassed => Failures.Count == 0;

    /// <summary>"Causal rule tests: N passed, M failed" followed by one line per failure.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("Causal rule tests: ")
            .Append(Passed.ToString(CultureInfo.InvariantCulture)).Append(" passed, ")
            .Append(Failed.ToString(CultureInfo.InvariantCulture)).Append(" failed");
        foreach (var failure in Failures)
        {
            text.Append('\n').Append(failure.Reason);
        }

        return text.ToString();
    }
}
