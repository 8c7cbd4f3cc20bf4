using Triage.Symptoms;

namespace Triage.Rules.Matching;

/// <summary>What one <c>map.values</c> (or <c>map.default</c>) entry sets on a match.</summary>
internal sealed record AttrMapEntry(SymptomCategory? Category, Severity? Severity, IReadOnlyDictionary<string, string> Attrs);
