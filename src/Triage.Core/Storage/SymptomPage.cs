using Triage.Symptoms;

namespace Triage.Storage;

/// <summary>One page of symptoms and the cursor of the next one (null at the end).</summary>
public sealed record SymptomPage(IReadOnlyList<Symptom> Items, string? NextCursor);
