namespace Triage.Collectors.Mining;

/// <summary>
/// A quoted string that spans several whitespace-separated tokens (<c>"Hello world"</c>,
/// <c>msg='disk is full'</c>): free text whose word count varies, so it is one variable token
/// (<c>"&lt;*&gt;"</c>, <c>msg='&lt;*&gt;'</c>) and the messages around it keep their length. A quote
/// that is not closed within <see cref="MaxTokens"/> tokens is left alone (an apostrophe, a cut line).
/// Stateless; never throws.
/// </summary>
internal static class QuotedSpan
{
    private const int MaxTokens = 64;

    /// <summary>
    /// When the token at <paramref name="start"/>..<paramref name="end"/> opens a quote it does not
    /// close, appends the masked span to <paramref name="into"/> and returns the index just after its last token; else -1.
    /// </summary>
    public static int TryAppend(ReadOnlySpan<char> message, int start, int end, CharBuffer into)
    {
        var token = message[start..end];
        if (token.IndexOfAny(Quotes) < 0)
        {
            return -1; // most tokens: no quote at all
        }

        var open = OpeningQuote(token, out var prefix);
        if (open < 0)
        {
            return -1;
        }

        var quote = token[open];
        var close = Closer(quote);
        var inner = token[(open + 1)..];
        if (ClosesAt(inner, close) >= 0)
        {
            return -1;
        }

        var i = end;
        for (var n = 0; n < MaxTokens && i < message.Length; n++)
        {
            while (i < message.Length && char.IsWhiteSpace(message[i]))
            {
                i++;
            }

            var from = i;
            while (i < message.Length && !char.IsWhiteSpace(message[i]))
            {
                i++;
            }

            var next = message[from..i];
            var at = ClosesAt(next, close);
            if (at >= 0)
            {
                into.Append(token[..prefix]);
                into.Append(quote);
                into.Append(TokenMasker.Wildcard);
                into.Append(next[at..]);
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the opening quote: at the start, after brackets, or after <c>key=</c>/<c>key:</c>; -1 when none.</summary>
    private static int OpeningQuote(ReadOnlySpan<char> token, out int prefix)
    {
        prefix = 0;
        while (prefix < token.Length && token[prefix] is '(' or '[' or '{')
        {
            prefix++;
        }

        if (prefix < token.Length && IsQuote(token[prefix]))
        {
            return prefix;
        }

        var eq = token.IndexOfAny('=', ':');
        if (eq > 0 && eq + 1 < token.Length && IsQuote(token[eq + 1]) && !token[..eq].ContainsAny("\"'`"))
        {
            prefix = eq + 1;
            return prefix;
        }

        return -1;
    }

    /// <summary>Where <paramref name="close"/> ends <paramref name="text"/>, only closing punctuation after it; -1 when it does not.</summary>
    private static int ClosesAt(ReadOnlySpan<char> text, char close)
    {
        var end = text.Length;
        while (end > 0 && text[end - 1] is ',' or ';' or ':' or '.' or ')' or ']' or '}' or '!' or '?')
        {
            end--;
        }

        return end > 0 && text[end - 1] == close ? end - 1 : -1;
    }

    private static readonly System.Buffers.SearchValues<char> Quotes = System.Buffers.SearchValues.Create("\"'`\u201C\u2018");

    private static bool IsQuote(char c) => c is '"' or '\'' or '`' or '\u201C' or '\u2018';

    private static char Closer(char open) => open switch
    {
        '\u201C' => '\u201D',
        '\u2018' => '\u2019',
        '`' => '`',
        _ => open,
    };
}
