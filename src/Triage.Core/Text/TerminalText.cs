using System.Text;

namespace Triage.Text;

/// <summary>
/// Makes untrusted text (log lines) safe to print on a terminal: escape sequences (CSI, OSC, ...)
/// are removed, other control characters and invalid UTF-16 are shown as visible escapes, and the
/// result is cut to a maximum length. Thread-safe (stateless).
/// </summary>
public static class TerminalText
{
    /// <summary>Returns a printable, single-line version of <paramref name="text"/> of at most <paramref name="maxLength"/> chars.</summary>
    public static string Sanitize(string? text, int maxLength = 4096)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(Math.Min(text.Length, maxLength));
        for (var i = 0; i < text.Length && sb.Length < maxLength; i++)
        {
            var c = text[i];
            if (c == '\u001b' || c == '\u009b')
            {
                i = SkipEscape(text, i);
                continue;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append(c).Append(text[++i]);
                }
                else
                {
                    sb.Append('\uFFFD');
                }

                continue;
            }

            if (c == '\t')
            {
                sb.Append(' ');
            }
            else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D')
            {
                sb.Append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : $"\\x{(int)c:x2}");
            }
            else
            {
                sb.Append(c);
            }
        }

        if (sb.Length >= maxLength && text.Length > maxLength)
        {
            sb.Length = maxLength - 1;
            if (char.IsHighSurrogate(sb[^1]))
            {
                sb.Length--; // never split a surrogate pair
            }

            sb.Append('…');
        }

        return sb.ToString();
    }

    /// <summary>Index of the last char of the escape sequence starting at <paramref name="start"/>.</summary>
    private static int SkipEscape(string text, int start)
    {
        var i = start + 1;
        if (text[start] == '\u009b' || (i < text.Length && text[i] == '['))
        {
            // CSI: parameters and intermediates, then one final byte in @..~
            i += text[start] == '\u009b' ? 0 : 1;
            while (i < text.Length && text[i] is >= '\u0020' and <= '\u003f')
            {
                i++;
            }

            return Math.Min(i, text.Length - 1);
        }

        if (i < text.Length && text[i] is ']' or 'P' or '_' or '^')
        {
            // OSC/DCS/APC/PM: up to BEL or ST (ESC \)
            for (i++; i < text.Length; i++)
            {
                if (text[i] == '\u0007')
                {
                    return i;
                }

                if (text[i] == '\u001b' && i + 1 < text.Length && text[i + 1] == '\\')
                {
                    return i + 1;
                }
            }

            return text.Length - 1;
        }

        return Math.Min(i, text.Length - 1);
    }
}
