namespace Triage.Rules.Matching;

/// <summary>
/// Finds the regex constructs that .NET's linear-time engine (<c>RegexOptions.NonBacktracking</c>)
/// refuses: lookarounds, backreferences, atomic groups and conditionals. A rule regex with one of
/// them would run on the backtracking engine under a timeout, and a line whose match times out on
/// a loaded machine is silently lost, so the rule loader refuses them (a rule says what it must
/// not match with <c>exclude:</c> instead). A scan of the pattern text, so loading stays cheap
/// (building a linear-time matcher costs 10–100 ms per pattern). Thread-safe (stateless).
/// </summary>
internal static class BacktrackingConstructs
{
    /// <summary>
    /// The first construct in <paramref name="pattern"/> that needs the backtracking engine, named
    /// with its text (e.g. <c>lookahead '(?!'</c>), or null when there is none.
    /// </summary>
    public static string? Find(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (!inClass && ((next >= '1' && next <= '9') || next == 'k'))
                {
                    return $"backreference '\\{next}'";
                }

                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            if (c == '[')
            {
                inClass = true;

                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    i++;
                }

                continue;
            }

            if (c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?')
            {
                var found = Describe(pattern.AsSpan(i + 2));
                if (found is not null)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static string? Describe(ReadOnlySpan<char> rest) => rest switch
    {
        ['=', ..] => "lookahead '(?='",
        ['!', ..] => "negative lookahead '(?!'",
        ['<', '=', ..] => "lookbehind '(?<='",
        ['<', '!', ..] => "negative lookbehind '(?<!'",
        ['>', ..] => "atomic group '(?>'",
        ['(', ..] => "conditional '(?('",
        _ => null,
    };
}
