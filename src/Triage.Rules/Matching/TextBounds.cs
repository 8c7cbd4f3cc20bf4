using System.Text;

namespace Triage.Rules.Matching;

/// <summary>Caps on text taken from untrusted input.</summary>
internal static class TextBounds
{
    public const char Ellipsis = '…';

    /// <summary><paramref name="value"/> cut to <paramref name="max"/> chars, the last being "…".</summary>
    public static string Cap(string value, int max) =>
        value.Length <= max ? value : string.Concat(SafePrefix(value.AsSpan(), max - 1), Ellipsis.ToString());

    /// <summary>The first <paramref name="length"/> chars, one less if that would split a surrogate pair.</summary>
    public static ReadOnlySpan<char> SafePrefix(ReadOnlySpan<char> text, int length)
    {
        if (length >= text.Length)
        {
            return text;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
    }

    /// <summary>Trims, turns whitespace and control runs into one space, cuts to <paramref name="max"/>.</summary>
    public static string Normalize(string value, int max)
    {
        var text = new StringBuilder(Math.Min(value.Length, max));
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            text.Append(c);
            if (text.Length >= max)
            {
                break;
            }
        }

        if (text.Length > max)
        {
            text.Length = max;
        }

        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            text.Length--;
        }

        return text.ToString();
    }
}
