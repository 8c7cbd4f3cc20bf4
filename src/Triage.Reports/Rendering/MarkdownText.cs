using System.Text;
using Triage.Text;

namespace Triage.Reports.Rendering;

/// <summary>
/// Makes untrusted text (anything a log said) safe in Markdown that is pasted into a wiki or an
/// issue: terminal escapes removed and control characters shown (<see cref="TerminalText"/>), then
/// every character Markdown or HTML could read as syntax backslash-escaped, so a log line renders
/// as the text it is, never as markup, a link, an image or HTML. Thread-safe (stateless).
/// </summary>
internal static class MarkdownText
{
    // Characters that are syntax anywhere in a line; '_' only where it could open or close emphasis.
    private const string Special = "\\`*[]<>|&~!";

    /// <summary>Escaped inline text.</summary>
    public static string Escape(string? text, int maxLength = 4096)
    {
        var clean = TerminalText.Sanitize(text, maxLength);
        var sb = new StringBuilder(clean.Length + 16);
        for (var i = 0; i < clean.Length; i++)
        {
            var c = clean[i];
            var intraword = i > 0 && i + 1 < clean.Length && char.IsLetterOrDigit(clean[i - 1]) && char.IsLetterOrDigit(clean[i + 1]);
            if (Special.Contains(c, StringComparison.Ordinal) || (c == '_' && !intraword) || (i == 0 && c is '#' or '+' or '-' or '=' or ':')
                || (c is '.' or ')' && i is > 0 and < 10 && clean.AsSpan(0, i).ContainsAnyExceptInRange('0', '9') is false))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// A code span (a fence longer than any run of backticks inside). Inside a table cell a pipe is
    /// written <c>\|</c>, which GitHub-flavoured tables read as a pipe inside the span.
    /// </summary>
    public static string Code(string? text, bool inTable = false, int maxLength = 4096)
    {
        var clean = TerminalText.Sanitize(text, maxLength);
        if (inTable)
        {
            clean = clean.Replace("|", "\\|", StringComparison.Ordinal);
        }

        var longest = 0;
        var run = 0;
        foreach (var c in clean)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        var pad = clean.StartsWith('`') || clean.EndsWith('`') || clean.Length == 0 ? " " : string.Empty;
        return fence + pad + clean + pad + fence;
    }
}
