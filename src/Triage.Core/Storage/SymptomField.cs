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

    private SymptomField(string name, string? attribute, int bucketSeconds = 0)
    {
        Name = name;
        Attribute = attribute;
        BucketSeconds = bucketSeconds;
    }

    /// <summary>
    /// For a time-bucket field (<c>@timestamp:60s</c>): the bucket width in seconds; 0 otherwise. A
    /// bucket's key is its start in Unix milliseconds (an Elasticsearch date_histogram key).
    /// </summary>
    public int BucketSeconds { get; }

    /// <summary>A time-bucket field of the given width (1 s .. 1 day).</summary>
    public static SymptomField TimeBucket(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, 86_400);
        return new SymptomField($"@timestamp:{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}s", null, seconds);
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
            $"unknown field '{name}': use one of {string.Join(", ", FixedNames)}, attrs.NAME (letters, digits, '_', '-', '.') or @timestamp:Ns (a time bucket of N seconds)",
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

        if (name.StartsWith("@timestamp:", StringComparison.Ordinal) && name.EndsWith('s')
            && int.TryParse(name.AsSpan(11, name.Length - 12), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 1 and <= 86_400)
        {
            field = TimeBucket(seconds);
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
