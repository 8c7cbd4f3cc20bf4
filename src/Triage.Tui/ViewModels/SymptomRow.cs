using Triage.Symptoms;

namespace Triage.Tui.ViewModels;

/// <summary>One line of the drill-down: a group header (kind and host, with its count) or a symptom of that group.</summary>
internal sealed record SymptomRow(string Text, Symptom? Symptom);
