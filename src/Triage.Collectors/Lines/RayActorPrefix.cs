namespace Triage.Collectors.Lines;

/// <summary>
/// Ray's worker prefixes, <c>(RayWorkerWrapper pid=4009) </c> or <c>(pid=4009, ip=10.0.0.1) </c>, often wrapped
/// in colour escapes. Only parentheses that carry a <c>pid=</c> count, so ordinary text is left alone.
/// </summary>
internal static class RayActorPrefix
{
    private const int MaxLength = 160;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        if (!Chars.At(s, pos, '('))
        {
            return false;
        }

        var window = s.Slice(pos + 1, Math.Min(MaxLength, s.Length - pos - 1));
        var close = window.IndexOfAny(')', '(');
        if (close <= 0 || window[close] != ')')
        {
            return false;
        }

        // "(pid=N...)" or one actor name and a space before it: "(see pid=12)" is prose, not Ray.
        var inner = window[..close];
        var pidAt = inner.IndexOf("pid=", StringComparison.Ordinal);
        if (pidAt < 0 || (pidAt > 0 && (inner[pidAt - 1] != ' ' || inner[..(pidAt - 1)].IndexOfAny(' ', ',') >= 0)))
        {
            return false;
        }

        var digits = Chars.ReadNumber(inner, pidAt + 4, 9, out var pid);
        var after = pidAt + 4 + digits;
        if (digits == 0 || (after < inner.Length && inner[after] != ','))
        {
            return false;
        }

        var p = AnsiEscape.Skip(s, pos + 1 + close + 1);
        if (!Chars.At(s, p, ' '))
        {
            return false;
        }

        facts.SetStreamPid(pid);
        next = p + 1;
        return true;
    }
}
