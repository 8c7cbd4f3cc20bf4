namespace Triage.Symptoms;

/// <summary>One entry of the built-in kinds table (docs/architecture.md §3).</summary>
/// <param name="Name">Stable, namespaced name such as <c>gpu.xid</c>. Never renamed.</param>
/// <param name="Family">The family heading of the table, e.g. "GPU / host hardware".</param>
/// <param name="DefaultCategory">Category a rule gets when it names none.</param>
/// <param name="Description">One line for <c>--help</c>, reports and the TUI.</param>
public sealed record SymptomKind(string Name, string Family, SymptomCategory DefaultCategory, string Description);
