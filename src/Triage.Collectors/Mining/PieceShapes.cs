namespace Triage.Collectors.Mining;

/// <summary>
/// Whether one piece of a token (a run of letters, digits and <c>_</c>) is a variable by its shape:
/// a number, hex, an indexed name, a number glued to a unit, a day or month name. Stateless; never throws.
/// </summary>
internal static class PieceShapes
{
    /// <summary>A piece (between delimiters) is variable when it, or one of its <c>_</c>-separated parts, has a variable shape.</summary>
    public static bool IsVariablePiece(ReadOnlySpan<char> piece)
    {
        if (IsVariableShape(piece))
        {
            return true;
        }

        if (!piece.Contains('_'))
        {
            return false;
        }

        foreach (var range in piece.Split('_'))
        {
            var part = piece[range];
            if (part.Length > 0 && IsVariableShape(part))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsVariableShape(ReadOnlySpan<char> p)
    {
        if (p.Length == 0)
        {
            return false;
        }

        if (!p.ContainsAnyExceptInRange('0', '9'))
        {
            return true;
        }

        if (p.Length > 2 && p[0] == '0' && p[1] is 'x' or 'X')
        {
            return true;
        }

        var digits = 0;
        var hex = true;
        foreach (var c in p)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
            hex &= char.IsAsciiHexDigit(c);
        }

        if (hex && digits > 0 && p.Length >= 6)
        {
            return true;
        }

        return (digits > 0 && IsIndexedName(p)) || (p.Length is >= 3 and <= 9 && IsCalendarWord(p));
    }

    /// <summary>
    /// <c>letters + 2+ digits</c> (<c>node129</c>), digits then letters (<c>1T00</c>, <c>64K</c>, <c>1h2m3s</c>),
    /// or <c>letters digits letters digits...</c>. A single trailing digit (<c>eth0</c>, <c>ssh2</c>) is a name.
    /// </summary>
    private static bool IsIndexedName(ReadOnlySpan<char> p)
    {
        var i = 0;
        var letters = Letters(p, ref i);
        var digits = Digits(p, ref i);
        if (letters > 0)
        {
            if (i == p.Length)
            {
                return digits >= 2;
            }

            return digits > 0 && Letters(p, ref i) > 0 && Digits(p, ref i) > 0;
        }

        // Starts with digits and has letters: a number glued to a unit or suffix (64K, 1h2m3s, 3rd, 1T00).
        return Letters(p, ref i) > 0;
    }

    private static int Letters(ReadOnlySpan<char> p, ref int i)
    {
        var start = i;
        while (i < p.Length && char.IsAsciiLetter(p[i]))
        {
            i++;
        }

        return i - start;
    }

    private static int Digits(ReadOnlySpan<char> p, ref int i)
    {
        var start = i;
        while (i < p.Length && char.IsAsciiDigit(p[i]))
        {
            i++;
        }

        return i - start;
    }

    /// <summary>Day and month names of a time stamp, abbreviated or in full (<c>Mon</c>, <c>September</c>).</summary>
    public static bool IsCalendarWord(ReadOnlySpan<char> p)
    {
        // This runs for most words: reject on the first letter or the ending before one case-insensitive lookup.
        if (p.Length is < 3 or > 9 || !CalendarInitials.Contains(p[0]))
        {
            return false;
        }

        if (p.Length > 3)
        {
            var (a, b, c) = (Lower(p[^3]), Lower(p[^2]), Lower(p[^1]));
            var ending = (a, b, c) is ('d', 'a', 'y') or ('b', 'e', 'r') or ('a', 'r', 'y') or ('r', 'c', 'h') or ('r', 'i', 'l')
                or ('u', 'n', 'e') or ('u', 'l', 'y') or ('u', 's', 't');
            if (!ending)
            {
                return false;
            }
        }

        return CalendarLookup.Contains(p);
    }

    private static char Lower(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;

    private static readonly System.Buffers.SearchValues<char> CalendarInitials = System.Buffers.SearchValues.Create("adfjmnostwADFJMNOSTW");

    private static readonly HashSet<string> CalendarWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CalendarLookup = CalendarWords.GetAlternateLookup<ReadOnlySpan<char>>();
}
