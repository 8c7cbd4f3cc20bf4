using System.Collections.Frozen;

namespace Triage.Symptoms;

/// <summary>
/// The lower-case names enums are written and read as (JSON, rule files, the store, the CLI):
/// the member name in lower case, e.g. <c>hardware</c>, <c>critical</c>. One source for all of
/// them, so a file written by one reads in another. Thread-safe (immutable tables).
/// </summary>
public static class Names
{
    /// <summary>The category's name, e.g. <c>hardware</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined member.</exception>
    public static string Of(SymptomCategory category) => Table<SymptomCategory>.NameOf(category);

    /// <summary>The severity's name, e.g. <c>critical</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined member.</exception>
    public static string Of(Severity severity) => Table<Severity>.NameOf(severity);

    /// <summary>The name of any enum member, e.g. a collector failure kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined member.</exception>
    public static string Of<T>(T value)
        where T : struct, Enum => Table<T>.NameOf(value);

    /// <summary>Parses a name (exact, lower case) back to its member.</summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum => Table<T>.ByName.TryGetValue(text ?? string.Empty, out value);

    /// <summary>Parses a category name, ignoring case (user input).</summary>
    public static bool TryParseCategory(string? text, out SymptomCategory category) =>
        TryParse(text?.ToLowerInvariant(), out category);

    /// <summary>Parses a severity name, ignoring case (user input).</summary>
    public static bool TryParseSeverity(string? text, out Severity severity) =>
        TryParse(text?.ToLowerInvariant(), out severity);

    /// <summary>All names of an enum in member order, e.g. for "expected one of" messages.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Table<T>.Names;

    private static class Table<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => v.ToString().ToLowerInvariant());

        public static readonly FrozenDictionary<string, T> ByName =
            ByValue.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

        public static readonly string[] Names = Enum.GetValues<T>().Select(v => ByValue[v]).ToArray();

        public static string NameOf(T value) =>
            ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"undefined {typeof(T).Name}");
    }
}
