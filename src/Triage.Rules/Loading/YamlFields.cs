namespace Triage.Rules.Loading;

/// <summary>
/// Reads one YAML mapping of a rule file: rejects keys it does not know (typos must not be
/// silently ignored) and gives typed access with errors that point at the offending node.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlNode _mapping;
    private readonly LoadContext _context;
    private readonly string _what;

    /// <exception cref="RuleLoadException">The node is not a mapping or has an unknown key.</exception>
    public YamlFields(YamlNode node, LoadContext context, string what, IReadOnlyList<string> allowedKeys)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            throw context.Error(node, $"{what} must be a mapping, found {node.Describe()}");
        }

        _mapping = node;
        _context = context;
        _what = what;
        foreach (var entry in node.Entries)
        {
            if (!Contains(allowedKeys, entry.Key.Value))
            {
                var hint = Suggest(entry.Key.Value, allowedKeys);
                throw context.Error(
                    entry.Key,
                    $"unknown key '{entry.Key.Value}' in {what}" + (hint is null ? string.Empty : $" (did you mean '{hint}'?)"));
            }
        }
    }

    public YamlNode Node => _mapping;

    /// <summary>The value of <paramref name="key"/>, or null when absent or YAML null.</summary>
    public YamlNode? Optional(string key)
    {
        foreach (var entry in _mapping.Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry.Value.IsNull ? null : entry.Value;
            }
        }

        return null;
    }

    public YamlNode Required(string key) =>
        Optional(key) ?? throw _context.Error(_mapping, $"{_what} is missing required key '{key}'");

    public string RequiredString(string key) => YamlScalars.String(Required(key), _context, key);

    public string? OptionalString(string key) =>
        Optional(key) is { } node ? YamlScalars.String(node, _context, key) : null;

    public bool OptionalBool(string key, bool defaultValue) =>
        Optional(key) is { } node ? YamlScalars.Bool(node, _context, key) : defaultValue;

    private static bool Contains(IReadOnlyList<string> keys, string key)
    {
        foreach (var candidate in keys)
        {
            if (string.Equals(candidate, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The allowed key closest to a typo (edit distance at most 2, or same letters ignoring case).</summary>
    private static string? Suggest(string key, IReadOnlyList<string> allowed)
    {
        if (key.Length > 64)
        {
            return null;
        }

        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in allowed)
        {
            var distance = string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Distance(key, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
