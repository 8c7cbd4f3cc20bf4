using Triage.Symptoms;

namespace Triage.Alerts.Rules;

/// <summary>
/// A rule's own test: symptoms (some marked collateral) and how many alerts the rule must raise on
/// them, with which cluster keys.
/// </summary>
/// <param name="Name">What it shows.</param>
/// <param name="Symptoms">The symptoms (run <c>test</c>).</param>
/// <param name="Collateral">Ids of symptoms the engine would call collateral.</param>
/// <param name="ExpectAlerts">How many alerts the rule raises.</param>
/// <param name="ExpectKeys">Cluster keys (<c>host=a,gpu=3</c>) expected among them.</param>
public sealed record AlertRuleTest(string Name, IReadOnlyList<Symptom> Symptoms, IReadOnlySet<string> Collateral, int ExpectAlerts, IReadOnlyList<string> ExpectKeys);
