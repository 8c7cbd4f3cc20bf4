using System.Text.RegularExpressions;

namespace Triage.Alerts.Tracking;

/// <summary>
/// One label matcher in Alertmanager's syntax: <c>name=value</c>, <c>name!=value</c>,
/// <c>name=~regex</c>, <c>name!~regex</c> (the regex anchored at both ends, as Alertmanager
/// anchors it; non-backtracking). A missing label matches as the empty string, as in Alertmanager.
/// </summary>
public sealed partial class SilenceMatcher
{
    private readonly Regex? _regex;

    private SilenceMatcher(string name, string op, string value)
    {
        Name = name;
        Operator = op;
        Value = value;
        if (op is "=~" or "!~")
        {
            _regex = new Regex("^(?:" + value + ")$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
    }

    /// <summary>The label name.</summary>
    public string Name { get; }

    /// <summary><c>=</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>.</summary>
    public string Operator { get; }

    /// <summary>The value or regex.</summary>
    public string Value { get; }

    /// <summary>True for <c>=</c> and <c>=~</c>.</summary>
    public bool IsEqual => Operator is "=" or "=~";

    /// <summary>True for <c>=~</c> and <c>!~</c>.</summary>
    public bool IsRegex => _regex is not null;

    /// <summary>Parses one matcher; a quoted value (<c>name="a b"</c>) is unquoted.</summary>
    /// <exception cref="TriageException">Not a matcher (usage error).</exception>
    public static SilenceMatcher Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Syntax().Match(text.Trim());
        if (!m.Success)
        {
            throw new TriageException($"'{text}' is not a label matcher (name=value, name!=value, name=~regex, name!~regex)", ExitCodes.Usage);
        }

        var value = m.Groups["value"].Value;
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        try
        {
            return new SilenceMatcher(m.Groups["name"].Value, m.Groups["op"].Value, value);
        }
        catch (ArgumentException ex)
        {
            throw new TriageException($"'{text}': the regex does not parse: {ex.Message}", ExitCodes.Usage, ex);
        }
    }

    /// <summary>Whether <paramref name="labels"/> satisfy this matcher.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var actual = labels.TryGetValue(Name, out var v) ? v : string.Empty;
        return Operator switch
        {
            "=" => actual == Value,
            "!=" => actual != Value,
            "=~" => _regex!.IsMatch(actual),
            _ => !_regex!.IsMatch(actual),
        };
    }

    /// <summary>Whether an active silence (all its matchers) covers <paramref name="labels"/> at <paramref name="now"/>.</summary>
    public static bool Silenced(IEnumerable<Silence> silences, IReadOnlyDictionary<string, string> labels, DateTimeOffset now) =>
        silences.Any(s => s.StartsAt <= now && now < s.EndsAt && s.Matchers.Count > 0 && s.Matchers.All(m => Parse(m).Matches(labels)));

    /// <inheritdoc />
    public override string ToString() => Name + Operator + Value;

    [GeneratedRegex("^(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<op>=~|!~|!=|=)(?<value>.*)$", RegexOptions.Singleline)]
    private static partial Regex Syntax();
}
