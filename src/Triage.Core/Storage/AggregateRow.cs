namespace Triage.Storage;

/// <summary>One group of an aggregation: the group's key values (in group-by order), its count and time span.</summary>
/// <param name="Keys">One value per group-by field; null when the symptom has no value for it.</param>
/// <param name="Count">Number of symptoms in the group.</param>
/// <param name="FirstSeen">Earliest timestamp in the group, if any had one.</param>
/// <param name="LastSeen">Latest timestamp in the group, if any had one.</param>
public sealed record AggregateRow(IReadOnlyList<string?> Keys, long Count, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen);
