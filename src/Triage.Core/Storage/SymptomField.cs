using System.Text.RegularExpressions;

namespace Triage.Storage;

/// <summary>
/// A field of a symptom that filters and group-by aggregations name. Fixed fields use their
/// JSON names (<c>run, host, rank, local_rank, gpu, pid, kind, category, severity, signature,
/// rule, source.path</c>); an attribute is <c>attrs.NAME</c>. Every field maps to a keyword
/// field in Elasticsearch and to a column or JSON path in the embedded store.
/// </summary>
public sealed partial record SymptomField
{
    private static readonly string[] FixedNames =
        ["run", "host", "rank", "local_rank", "gpu", "pid", "kind", "category", "severity", "signature", "rule", "source.path"];

    private SymptomField(string name, string? attribute)
    {
        Name = name;
        Attribute = attribute;
    }

    /// <summary>The field's name as written, e.g. <c>host</c> or <c>attrs.xid</c>.</summary>
    public string Name { get; }

    /// <summary>The attribute name for <c>attrs.NAME</c> fields; null for fixed fields.</summary>
    public string? Attribute { get; }

    /// <summary>The fixed field names, in documentation order.</summary>
    public static IReadOnlyList<string> Fixed => FixedNames;

    /// <summary>Parses a field name; throws <see cref="TriageException"/> (usage) naming the valid fields.</summary>
    public static SymptomField Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryParse(name.Trim(), out var field))
        {
            return field;
        }

        throw new TriageException(
            $"unknown field '{name}': use one of {string.Join(", ", FixedNames)} or attrs.NAME (letters, digits, '_', '-', '.')",
            ExitCodes.Usage);
    }

    /// <summary>Parses a field name without throwing.</summary>
    public static bool TryParse(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SymptomField? field)
    {
        field = null;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        if (Array.IndexOf(FixedNames, name) >= 0)
        {
            field = new SymptomField(name, null);
            return true;
        }

        if (name.StartsWith("attrs.", StringComparison.Ordinal) && AttributeName().IsMatch(name.AsSpan(6)))
        {
            field = new SymptomField(name, name[6..]);
            return true;
        }

        return false;
    }

    /// <summary>Parses a comma-separated list such as <c>kind,host</c>.</summary>
    public static IReadOnlyList<SymptomField> ParseList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToArray();
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex AttributeName();
}
