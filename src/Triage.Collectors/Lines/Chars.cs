namespace Triage.Collectors.Lines;

/// <summary>Allocation-free scanning helpers over a line. Out-of-range positions read as "no match".</summary>
internal static class Chars
{
    public static bool At(ReadOnlySpan<char> s, int pos, char c) => (uint)pos < (uint)s.Length && s[pos] == c;

    public static bool DigitAt(ReadOnlySpan<char> s, int pos) => (uint)pos < (uint)s.Length && char.IsAsciiDigit(s[pos]);

    public static bool LetterAt(ReadOnlySpan<char> s, int pos) => (uint)pos < (uint)s.Length && char.IsAsciiLetter(s[pos]);

    public static bool StartsWith(ReadOnlySpan<char> s, int pos, ReadOnlySpan<char> literal) =>
        (uint)pos <= (uint)s.Length && s[pos..].StartsWith(literal, StringComparison.Ordinal);

    /// <summary>
    /// Reads 1 to <paramref name="maxDigits"/> ASCII digits at <paramref name="pos"/>. Returns how many were read,
    /// or 0 when there is no digit or more than <paramref name="maxDigits"/> of them (too long to be what we look for).
    /// </summary>
    public static int ReadNumber(ReadOnlySpan<char> s, int pos, int maxDigits, out int value)
    {
        value = 0;
        var i = pos;
        while (DigitAt(s, i))
        {
            if (i - pos == maxDigits)
            {
                value = 0;
                return 0;
            }

            value = (value * 10) + (s[i] - '0');
            i++;
        }

        return i - pos;
    }

    /// <summary>Reads exactly <paramref name="count"/> digits.</summary>
    public static bool TryReadFixed(ReadOnlySpan<char> s, int pos, int count, out int value)
    {
        value = 0;
        for (var i = 0; i < count; i++)
        {
            if (!DigitAt(s, pos + i))
            {
                return false;
            }

            value = (value * 10) + (s[pos + i] - '0');
        }

        return true;
    }

    /// <summary>Skips up to <paramref name="max"/> spaces; returns the new position.</summary>
    public static int SkipSpaces(ReadOnlySpan<char> s, int pos, int max)
    {
        var i = pos;
        while (i - pos < max && At(s, i, ' '))
        {
            i++;
        }

        return i;
    }

    /// <summary>Characters of a host name as logs write it (short or fully qualified).</summary>
    public static bool IsHostChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_';
}
