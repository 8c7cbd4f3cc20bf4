namespace Triage.Collectors.Lines;

/// <summary>
/// Colour escapes (<c>ESC[36m</c>) that Ray and some launchers put around their prefixes.
/// They are skipped while peeling prefixes; they stay in the content when they come after it.
/// </summary>
internal static class AnsiEscape
{
    private const int MaxLength = 16;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, out int next)
    {
        next = pos;
        if (!Chars.At(s, pos, '\u001b') || !Chars.At(s, pos + 1, '['))
        {
            return false;
        }

        var p = pos + 2;
        while (p - pos < MaxLength && (Chars.DigitAt(s, p) || Chars.At(s, p, ';')))
        {
            p++;
        }

        if (!Chars.LetterAt(s, p))
        {
            return false;
        }

        next = p + 1;
        return true;
    }

    /// <summary>Skips any number of consecutive escapes.</summary>
    public static int Skip(ReadOnlySpan<char> s, int pos)
    {
        var p = pos;
        for (var i = 0; i < 4 && TryMatch(s, p, out var next); i++)
        {
            p = next;
        }

        return p;
    }
}
