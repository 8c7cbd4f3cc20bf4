namespace Triage.Collectors.Mining;

/// <summary>
/// Replaces the variable parts of one whitespace-separated token with <c>&lt;*&gt;</c>, by shape only,
/// never by product or system: first whole-token values (<see cref="TokenShapes"/>: URLs, paths,
/// host:port, domains, IPv6, MAC, UUID, e-mail; also after <c>key=</c>, <c>key:</c> or <c>name(</c>),
/// then pieces (<see cref="PieceShapes"/>: numbers, also glued to punctuation or units, hex, indexed
/// names, day and month names). A token with a variable piece keeps only a leading <c>key=</c>/<c>key:</c>,
/// a <c>word-</c>/<c>word.</c> prefix and its brackets; the rest becomes one <c>&lt;*&gt;</c>.
/// Stateless and thread-safe; never throws.
/// </summary>
internal static class TokenMasker
{
    public const string Wildcard = "<*>";

    /// <summary>Appends the masked form of <paramref name="token"/> (non-empty, no whitespace) to <paramref name="into"/>.</summary>
    /// <returns>True when the token was (partly) masked.</returns>
    public static bool Append(ReadOnlySpan<char> token, CharBuffer into)
    {
        // Fast paths, most tokens: a plain number; a word without a digit, where only a path, an
        // address or host name (/ \ . @ :), a day/month name or a MAC can be variable.
        if (!token.ContainsAnyExceptInRange('0', '9'))
        {
            into.Append(Wildcard);
            return true;
        }

        var hasDigit = token.IndexOfAnyInRange('0', '9') >= 0;
        var calendar = !hasDigit && HasCalendarPiece(token);
        if (!hasDigit && !calendar && token.IndexOfAny(AddressChars) < 0 && !TokenShapes.IsDashedMac(token))
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

        if (token.IndexOfAny(ShapeChars) >= 0 && AppendWholeShape(token, into))
        {
            return true;
        }

        var body = token.Length > 1 && token[0] is '-' or '+' && char.IsAsciiDigit(token[1]) ? token[1..] : token;
        if ((!hasDigit && !calendar) || !HasVariablePiece(body))
        {
            into.Append(token);
            return false;
        }

        AppendMaskedShape(body, into);
        return true;
    }

    /// <summary>
    /// A token that is one <see cref="TokenShapes"/> value (a URL, <c>host.domain:port</c>, ...), or
    /// <c>key=</c>/<c>key:</c> followed by one, becomes <c>&lt;*&gt;</c> (after the key), brackets and trailing punctuation kept.
    /// </summary>
    private static bool AppendWholeShape(ReadOnlySpan<char> token, CharBuffer into)
    {
        var (lead, trail) = Frame(token);
        if (lead > 0 && token[lead - 1] == '[' && token[lead..(token.Length - trail)].Contains(']'))
        {
            lead--; // [v6]:port: the bracket is part of the address
        }

        var core = token[lead..(token.Length - trail)];
        var key = 0;
        if (!TokenShapes.IsWholeVariable(core))
        {
            key = KeyPrefixLength(core);
            key = key > 0 ? key : CallPrefixLength(core);
            if (key == 0)
            {
                return false;
            }

            var (valueLead, valueTrail) = Frame(core[key..]);
            var value = core[(key + valueLead)..(core.Length - valueTrail)];
            if (!TokenShapes.IsWholeVariable(value) && !IsPath(value, out _, out _))
            {
                return false;
            }
        }

        into.Append(token[..lead]);
        into.Append(core[..key]);
        into.Append(Wildcard);
        into.Append(token[(token.Length - trail)..]);
        return true;
    }

    /// <summary>Opening brackets and quotes before, closing ones and punctuation after the value.</summary>
    private static (int Lead, int Trail) Frame(ReadOnlySpan<char> token)
    {
        var lead = 0;
        while (lead < token.Length && IsOpenOrQuote(token[lead]))
        {
            lead++;
        }

        var trail = 0;
        while (trail < token.Length - lead && IsCloseOrPunct(token[token.Length - 1 - trail]))
        {
            trail++;
        }

        if (trail == 0 && token.Length - lead > 1 && token[^1] == '>')
        {
            trail = 1;
        }

        return (lead, trail);
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

            if (i - start is >= 3 and <= 9 && PieceShapes.IsCalendarWord(token[start..i]))
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

    /// <summary>
    /// Pieces are runs of letters, digits and <c>_</c>: any other character separates them, so a
    /// number glued to punctuation (<c>&lt;1</c>, <c>~5</c>, <c>5/10</c>, <c>*3</c>) is a number. A C
    /// escape (<c>\042</c>, <c>\x1b</c>) is one separator, not a number.
    /// </summary>
    private static bool HasVariablePiece(ReadOnlySpan<char> body)
    {
        var i = 0;
        while (i < body.Length)
        {
            if (!IsPieceChar(body[i]))
            {
                i += EscapeLength(body, i);
                continue;
            }

            var start = i;
            while (i < body.Length && IsPieceChar(body[i]))
            {
                i++;
            }

            if (PieceShapes.IsVariablePiece(body[start..i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPieceChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Length of the separator at <paramref name="i"/>: 4 for <c>\NNN</c> (octal) and <c>\xHH</c>, else 1.</summary>
    private static int EscapeLength(ReadOnlySpan<char> s, int i)
    {
        if (s[i] != '\\' || i + 3 >= s.Length)
        {
            return 1;
        }

        var octal = s[i + 1] is >= '0' and <= '7' && s[i + 2] is >= '0' and <= '7' && s[i + 3] is >= '0' and <= '7';
        var hex = s[i + 1] == 'x' && char.IsAsciiHexDigit(s[i + 2]) && char.IsAsciiHexDigit(s[i + 3]);
        return octal || hex ? 4 : 1;
    }

    private static void AppendMaskedShape(ReadOnlySpan<char> body, CharBuffer into)
    {
        var (lead, trail) = Frame(body);
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

    /// <summary>Length of a leading <c>name(</c> (<c>chdir(/home/x)</c>: the value is inside the call), else 0.</summary>
    private static int CallPrefixLength(ReadOnlySpan<char> core)
    {
        var open = core.IndexOf('(');
        return open > 0 && !core[..open].ContainsAnyExcept(KeyChars) ? open + 1 : 0;
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
        return !rest.ContainsAny(Delimiters) && PieceShapes.IsVariablePiece(rest) ? i : 0;
    }

    private static readonly System.Buffers.SearchValues<char> KeyChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.");

    // Every whole-token shape (and key=path) has one of these; a plain number or word has none.
    private static readonly System.Buffers.SearchValues<char> ShapeChars = System.Buffers.SearchValues.Create(":.@\\-/");

    private static readonly System.Buffers.SearchValues<char> AddressChars = System.Buffers.SearchValues.Create("/\\.@:");

    private static readonly System.Buffers.SearchValues<char> Delimiters =
        System.Buffers.SearchValues.Create(",!;:=|\"'[](){}.-+@#$%&");

    internal static bool IsDelimiter(char c) => Delimiters.Contains(c) || char.IsWhiteSpace(c);

    private static bool IsOpenOrQuote(char c) => c is '(' or '[' or '{' or '"' or '\'';

    private static bool IsPathTrail(char c) => c is ')' or ']' or '}' or '"' or '\'' or ',' or ';';

    private static bool IsCloseOrPunct(char c) => c is ')' or ']' or '}' or '"' or '\'' or ',' or ';' or ':' or '.';
}
