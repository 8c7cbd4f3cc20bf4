namespace Triage.Collectors.Mining;

/// <summary>
/// Replaces the variable parts of one whitespace-separated token with <c>&lt;*&gt;</c>, using only
/// generic shapes: numbers (also signed), hex (<c>0x..</c> or 6+ hex digits with a digit), names
/// with a numeric index of 2+ digits (<c>node129</c>, <c>bglio559</c>), mixed ids (<c>1T00</c>),
/// day and month abbreviations of timestamps, and absolute paths. Pieces are cut at the delimiters
/// Loghub-2.0's template corrector uses (<c>, ! ; : = | " ' [ ] ( ) { } . - + @ # $ % &amp;</c>); a
/// token with a variable piece keeps only a leading <c>key=</c>/<c>key:</c>, a <c>word-</c>/<c>word.</c>
/// prefix and its brackets, the rest becomes one <c>&lt;*&gt;</c>. Stateless and thread-safe; never throws.
/// </summary>
internal static class TokenMasker
{
    public const string Wildcard = "<*>";

    /// <summary>Appends the masked form of <paramref name="token"/> (non-empty, no whitespace) to <paramref name="into"/>.</summary>
    /// <returns>True when the token was (partly) masked.</returns>
    public static bool Append(ReadOnlySpan<char> token, CharBuffer into)
    {
        // Fast path, most tokens: without a digit only a path or a day/month name can be variable.
        var hasDigit = token.IndexOfAnyInRange('0', '9') >= 0;
        if (!hasDigit && token.IndexOf('/') < 0 && !HasCalendarPiece(token))
        {
            into.Append(token);
            return false;
        }

        if (IsPath(token, out var lead, out var trail))
        {
            into.Append(token[..lead]);
            into.Append(Wildcard);
            into.Append(token[(token.Length - trail)..]);
            return true;
        }

        var body = token.Length > 1 && token[0] is '-' or '+' && char.IsAsciiDigit(token[1]) ? token[1..] : token;
        if (!HasVariablePiece(body))
        {
            into.Append(token);
            return false;
        }

        AppendMaskedShape(body, into);
        return true;
    }

    private static bool HasCalendarPiece(ReadOnlySpan<char> token)
    {
        var i = 0;
        while (i < token.Length)
        {
            var start = i;
            while (i < token.Length && !IsDelimiter(token[i]))
            {
                i++;
            }

            if (i - start == 3 && IsCalendarWord(token[start..i]))
            {
                return true;
            }

            i++;
        }

        return false;
    }

    private static bool IsPath(ReadOnlySpan<char> token, out int lead, out int trail)
    {
        lead = 0;
        while (lead < token.Length && IsOpenOrQuote(token[lead]))
        {
            lead++;
        }

        trail = 0;
        while (trail < token.Length - lead && IsPathTrail(token[token.Length - 1 - trail]))
        {
            trail++;
        }

        var core = token[lead..(token.Length - trail)];
        var isPath = (core.StartsWith('/') || core.StartsWith("./")) && core.Count('/') >= 2;
        return isPath;
    }

    private static bool HasVariablePiece(ReadOnlySpan<char> body)
    {
        var i = 0;
        while (i < body.Length)
        {
            if (IsDelimiter(body[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < body.Length && !IsDelimiter(body[i]))
            {
                i++;
            }

            if (IsVariablePiece(body[start..i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A piece (between delimiters) is variable when it, or one of its <c>_</c>-separated parts, has a variable shape.</summary>
    private static bool IsVariablePiece(ReadOnlySpan<char> piece)
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

    internal static bool IsVariableShape(ReadOnlySpan<char> p)
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

        return (digits > 0 && IsIndexedName(p)) || (p.Length == 3 && IsCalendarWord(p));
    }

    /// <summary>
    /// <c>letters + 2+ digits</c> (<c>node129</c>), <c>digits + letters [+ digits]</c> (<c>1T00</c>, <c>64K</c>),
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

        // Starts with digits (p is not all digits here).
        if (Letters(p, ref i) == 0)
        {
            return false;
        }

        Digits(p, ref i);
        return i == p.Length;
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

    private static bool IsCalendarWord(ReadOnlySpan<char> p)
    {
        Span<char> lower = stackalloc char[3];
        p.ToLowerInvariant(lower);
        return lower switch
        {
            "mon" or "tue" or "wed" or "thu" or "fri" or "sat" or "sun" => true,
            "jan" or "feb" or "mar" or "apr" or "may" or "jun" or "jul" or "aug" or "sep" or "oct" or "nov" or "dec" => true,
            _ => false,
        };
    }

    private static void AppendMaskedShape(ReadOnlySpan<char> body, CharBuffer into)
    {
        var lead = 0;
        while (lead < body.Length && IsOpenOrQuote(body[lead]))
        {
            lead++;
        }

        var trail = 0;
        while (trail < body.Length - lead && IsCloseOrPunct(body[body.Length - 1 - trail]))
        {
            trail++;
        }

        if (trail == 0 && body.Length - lead > 1 && body[^1] == '>')
        {
            trail = 1;
        }

        var core = body[lead..(body.Length - trail)];
        into.Append(body[..lead]);
        var key = KeyPrefixLength(core);
        if (key > 0)
        {
            into.Append(core[..key]);
            into.Append(Wildcard);
        }
        else
        {
            var word = WordPrefixLength(core);
            into.Append(core[..word]);
            into.Append(Wildcard);
        }

        into.Append(body[(body.Length - trail)..]);
    }

    /// <summary>Length of a leading <c>name=</c> or <c>name:</c> (name of letters, <c>_</c> and <c>.</c>), else 0.</summary>
    private static int KeyPrefixLength(ReadOnlySpan<char> core)
    {
        if (core.Length == 0 || !(char.IsAsciiLetter(core[0]) || core[0] == '_'))
        {
            return 0;
        }

        for (var i = 1; i < core.Length; i++)
        {
            var c = core[i];
            if (c is '=' or ':')
            {
                return i + 1;
            }

            if (!(char.IsAsciiLetter(c) || c is '_' or '.'))
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>Length of a <c>word-</c> / <c>word...</c> prefix when the rest is one variable piece (<c>node-12</c>), else 0.</summary>
    private static int WordPrefixLength(ReadOnlySpan<char> core)
    {
        var i = 0;
        while (i < core.Length && (char.IsAsciiLetter(core[i]) || core[i] == '_'))
        {
            i++;
        }

        if (i == 0)
        {
            return 0;
        }

        var word = i;
        while (i < core.Length && core[i] is '-' or '.')
        {
            i++;
        }

        if (i == word || i == core.Length)
        {
            return 0;
        }

        var rest = core[i..];
        return !rest.ContainsAny(Delimiters) && IsVariablePiece(rest) ? i : 0;
    }

    private static readonly System.Buffers.SearchValues<char> Delimiters =
        System.Buffers.SearchValues.Create(",!;:=|\"'[](){}.-+@#$%&");

    internal static bool IsDelimiter(char c) => Delimiters.Contains(c) || char.IsWhiteSpace(c);

    private static bool IsOpenOrQuote(char c) => c is '(' or '[' or '{' or '"' or '\'';

    private static bool IsPathTrail(char c) => c is ')' or ']' or '}' or '"' or '\'' or ',' or ';';

    private static bool IsCloseOrPunct(char c) => c is ')' or ']' or '}' or '"' or '\'' or ',' or ';' or ':' or '.';
}
