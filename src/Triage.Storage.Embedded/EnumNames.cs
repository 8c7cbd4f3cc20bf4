using System.Globalization;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>
/// Categories, severities and failure kinds are stored as their lower-case names so that the
/// file reads like the JSON output and survives a renumbering of the enums.
/// </summary>
internal static class EnumNames
{
    // Core's Names is the one mapping; these are its tables in member order (dense from 0).
    private static readonly IReadOnlyList<string> CategoryNames = Names.All<SymptomCategory>();
    private static readonly IReadOnlyList<string> SeverityNames = Names.All<Severity>();
    private static readonly IReadOnlyList<string> FailureKindNames = Names.All<CollectorFailureKind>();

    /// <summary>The stored name; throws <see cref="FormatException"/> for a value outside the enum.</summary>
    public static string Of(SymptomCategory value) => Lookup(CategoryNames, (int)value, "category");

    /// <inheritdoc cref="Of(SymptomCategory)"/>
    public static string Of(Severity value) => Lookup(SeverityNames, (int)value, "severity");

    /// <inheritdoc cref="Of(SymptomCategory)"/>
    public static string Of(CollectorFailureKind value) => Lookup(FailureKindNames, (int)value, "failure kind");

    /// <summary>The stored name, or a text no row holds for a value outside the enum (a filter on it matches nothing).</summary>
    public static string ForFilter(SymptomCategory value) =>
        (uint)value < (uint)CategoryNames.Count ? CategoryNames[(int)value] : "#" + ((int)value).ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a stored name; throws <see cref="FormatException"/> for a name this build does not know.</summary>
    public static SymptomCategory ParseCategory(string name) => (SymptomCategory)Parse(CategoryNames, name, "category");

    /// <inheritdoc cref="ParseCategory"/>
    public static Severity ParseSeverity(string name) => (Severity)Parse(SeverityNames, name, "severity");

    /// <inheritdoc cref="ParseCategory"/>
    public static CollectorFailureKind ParseFailureKind(string name) => (CollectorFailureKind)Parse(FailureKindNames, name, "failure kind");

    /// <summary>Names of the severities at least as bad as <paramref name="minimum"/>, for an IN list.</summary>
    public static IEnumerable<string> SeveritiesFrom(Severity minimum) =>
        Enum.GetValues<Severity>().Where(s => s >= minimum).Select(Of);

    private static string Lookup(IReadOnlyList<string> names, int value, string what) =>
        (uint)value < (uint)names.Count
            ? names[value]
            : throw new FormatException($"a symptom has an undefined {what} value {value.ToString(CultureInfo.InvariantCulture)}");

    private static int Parse(IReadOnlyList<string> names, string name, string what)
    {
        var index = -1;
        for (var i = 0; i < names.Count && index < 0; i++)
        {
            index = names[i] == name ? i : -1;
        }

        return index >= 0 ? index : throw new FormatException($"unknown {what} '{name}', perhaps written by a newer triage");
    }
}
