namespace Triage.Rules;

/// <summary>One loaded rule file (one family). Immutable.</summary>
/// <param name="Path">The file as it was named to the loader.</param>
/// <param name="Family">The file's <c>family</c>, unique across files.</param>
/// <param name="Description">The file's <c>description</c>, or null.</param>
/// <param name="SchemaVersion">The file's <c>schemaVersion</c> (always 1 today).</param>
/// <param name="Rules">The file's rules, in file order.</param>
public sealed record RuleFile(string Path, string Family, string? Description, int SchemaVersion, IReadOnlyList<Rule> Rules)
{
    /// <summary>1-based line and column of <c>family</c>, for duplicate-family errors.</summary>
    internal (int Line, int Column) FamilyPosition { get; init; }
}
