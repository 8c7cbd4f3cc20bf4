namespace Triage.Alerts.Rules;

/// <summary>One alert rule from <c>rules/alerts/*.yaml</c>: exactly one of <see cref="Symptoms"/> or <see cref="Hypothesis"/>.</summary>
public sealed record AlertRule
{
    /// <summary>The rule's name, which is the alert's <c>alertname</c> label.</summary>
    public required string Name { get; init; }

    /// <summary>The file it came from.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Symptom clusters; null for a hypothesis rule.</summary>
    public SymptomMatch? Symptoms { get; init; }

    /// <summary>Hypotheses; null for a symptom rule.</summary>
    public HypothesisMatch? Hypothesis { get; init; }

    /// <summary><c>critical</c>, <c>warning</c> or <c>info</c>; default <c>warning</c>.</summary>
    public string Severity { get; init; } = "warning";

    /// <summary>
    /// One line for the notification; holes <c>{count}</c>, <c>{hosts}</c>, <c>{ranks}</c>, <c>{key}</c>,
    /// <c>{hypothesis}</c> (title) are filled in.
    /// </summary>
    public string Summary { get; init; } = string.Empty;

    /// <summary>Extra labels added to every alert of the rule.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>A firing symptom alert resolves when its cluster has not grown for this long; default 1 h. Hypothesis alerts ignore it: they resolve as soon as the hypothesis no longer qualifies (stored with a zero resolve_after).</summary>
    public TimeSpan ResolveAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The rule's own tests (run by <see cref="AlertRuleTester"/>).</summary>
    public IReadOnlyList<AlertRuleTest> Tests { get; init; } = [];
}
