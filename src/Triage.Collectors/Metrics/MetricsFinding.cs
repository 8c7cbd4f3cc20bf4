using Triage.Symptoms;

namespace Triage.Collectors.Metrics;

/// <summary>One thing the metrics analysis found, before it becomes a symptom.</summary>
/// <param name="Kind">The symptom kind (<c>train.*</c>).</param>
/// <param name="Rule">The pseudo-rule id (<c>metrics.loss_spike</c>, ...): part of the symptom id.</param>
/// <param name="At">Where it was logged.</param>
/// <param name="Rank">The rank, or -1 for a global row.</param>
/// <param name="Attempt">The attempt (0 first).</param>
/// <param name="Signature">What groups identical findings.</param>
/// <param name="Message">One line for a person.</param>
/// <param name="Attrs">Attributes (metric, sigma, slowdown, ...).</param>
/// <param name="Severity">The severity, when not the kind's usual one.</param>
internal sealed record MetricsFinding(
    string Kind, string Rule, MetricAt At, int Rank, int Attempt, string Signature, string Message, IReadOnlyDictionary<string, string> Attrs, Severity? Severity = null);
