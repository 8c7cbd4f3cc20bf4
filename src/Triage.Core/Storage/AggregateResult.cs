namespace Triage.Storage;

/// <summary>
/// Counts grouped by fields, largest group first (ties by key). <see cref="Truncated"/> is true
/// when more groups existed than were asked for; <see cref="Total"/> counts all matched symptoms.
/// </summary>
public sealed record AggregateResult(IReadOnlyList<SymptomField> GroupBy, IReadOnlyList<AggregateRow> Rows, long Total, bool Truncated);
