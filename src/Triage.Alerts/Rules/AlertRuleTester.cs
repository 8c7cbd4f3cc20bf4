using Triage.Alerts.Evaluation;

namespace Triage.Alerts.Rules;

/// <summary>Runs every symptom rule's own <c>tests:</c> (as <c>triage rules test</c> runs the extraction rules').</summary>
public static class AlertRuleTester
{
    /// <summary>One line per failed test (<c>FILE: RULE: TEST: what differed</c>); empty when all pass. <paramref name="tests"/> counts the tests run.</summary>
    public static IReadOnlyList<string> Run(AlertRuleSet rules, out int tests)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var failures = new List<string>();
        tests = 0;
        foreach (var rule in rules.Rules.Where(r => r.Symptoms is not null))
        {
            foreach (var test in rule.Tests)
            {
                tests++;
                var clusters = AlertEvaluator.Clusters(rule, test.Symptoms, test.Collateral);
                var keys = clusters.Select(c => c.KeyText).ToList();
                var why = new List<string>();
                if (clusters.Count != test.ExpectAlerts)
                {
                    why.Add($"expected {test.ExpectAlerts} alerts, got {clusters.Count} ({(keys.Count == 0 ? "none" : string.Join("; ", keys))})");
                }

                why.AddRange(test.ExpectKeys.Where(k => !keys.Contains(k, StringComparer.Ordinal)).Select(k => $"expected an alert for '{k}'"));
                if (why.Count > 0)
                {
                    failures.Add($"{Path.GetFileName(rule.Source)}: {rule.Name}: {test.Name}: {string.Join("; ", why)}");
                }
            }
        }

        return failures;
    }
}
