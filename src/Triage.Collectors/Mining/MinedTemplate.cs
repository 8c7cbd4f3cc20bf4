namespace Triage.Collectors.Mining;

/// <summary>A template the miner found: its stable id (see <see cref="Triage.Symptoms.TemplateIds"/>), text and how many messages it covers.</summary>
/// <param name="Id">Stable id: a hash of <paramref name="Text"/>, the same in every run and process.</param>
/// <param name="Text">Template text: tokens joined by one space, variables as <c>&lt;*&gt;</c>.</param>
/// <param name="Count">Messages seen with this template since the miner started (clusters dropped by eviction no longer count).</param>
public sealed record MinedTemplate(string Id, string Text, long Count);
