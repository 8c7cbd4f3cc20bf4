namespace Triage.Alerts.Evaluation;

/// <summary>What one pass found for one rule and one cluster key: the alert's labels, its text and the cluster's size.</summary>
/// <param name="Labels">Identifying labels.</param>
/// <param name="Annotations">Summary, hypothesis title, evidence, explain command, sample lines.</param>
/// <param name="Size">Symptoms in the cluster (all of them, not only the window's), or the hypothesis's explained symptoms.</param>
/// <param name="ResolveAfter">The rule's <c>resolve_after</c>.</param>
/// <param name="ResolveWhenAbsent">True for hypothesis rules: resolved as soon as the hypothesis no longer qualifies.</param>
public sealed record AlertCandidate(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    long Size,
    TimeSpan ResolveAfter,
    bool ResolveWhenAbsent);
