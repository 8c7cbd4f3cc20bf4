using System.Globalization;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>
/// Categories, severities and failure kinds are stored as their lower-case names so that the
/// file reads like the JSON output and survives a renumbering of the enums.
/// </summary>
internal static class EnumNames
{
    private static readonly string[] CategoryNames = Names<SymptomCategory>();
    private static readonly string[] SeverityNames = Names<Severity>();
    private static readonly string[] FailureKindNames = Names<CollectorFailureKind>();

    /// <summary>The stored name; throws <see cref="FormatException"/> for a value outside the enum.</summary>
    public static string Of(SymptomCategory value) => Lookup(CategoryNames, (int)value, "category");

    /// <inheritdoc cref="Of(SymptomCategory)"/>
    public static string Of(Severity value) => Lookup(SeverityNames, (int)value, "severity");

    /// <inheritdoc cref="Of(SymptomCategory)"/>
    public static string Of(CollectorFailureKind value) => Lookup(FailureKindNames, (int)value, "failure kind");

    /// <summary>The stored name, or a text no row holds for a value outside the enum (a filter on it matches nothing).</summary>
    public static string ForFilter(SymptomCategory value) =>
        (uint)value < (uint)CategoryNames.Length ? CategoryNames[(int)value] : "#" + ((int)value).ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a stored name; throws <see cref="FormatException"/> for a name this build does not know.</summary>
    public static SymptomCategory ParseCategory(string name) => (SymptomCategory)Parse(CategoryNames, name, "category");

    /// <inheritdoc cref="ParseCategory"/>
    public static Severity ParseSeverity(string name) => (Severity)Parse(SeverityNames, name, "severity");

    /// <inheritdoc cref="ParseCategory"/>
    public static CollectorFailureKind ParseFailureKind(string name) => (CollectorFailureKind)Parse(FailureKindNames, name, "failure kind");

    /// <summary>Names of the severities at least as bad as <paramref name="minimum"/>, for an IN list.</summary>
    public static IEnumerable<string> SeveritiesFrom(Severity minimum) =>
        Enum.GetValues<Severity>().Where(s => s >= minimum).Select(Of);

    private static string[] Names<T>()
        where T : struct, Enum
    {
        // The enums are dense from 0, so the value doubles as the index.
        var values = Enum.GetValues<T>();
        var names = new string[values.Length];
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, CultureInfo.InvariantCulture)] = value.ToString().ToLowerInvariant();
        }

        return names;
    }

    private static string Lookup(string[] names, int value, string what) =>
        (uint)value < (uint)names.Length
            ? names[value]
            : throw new FormatException($"a symptom has an undefined {what} value {value.ToString(CultureInfo.InvariantCulture)}");

    private static int Parse(string[] names, string name, string what)
    {
        var index = Array.IndexOf(names, name);
        return index >= 0 ? index : throw new FormatException($"unknown {what} '{name}', perhaps written by a newer triage");
    }
}
