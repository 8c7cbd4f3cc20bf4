using System.Net;
using Triage.Text;

namespace Triage.Reports.Rendering;

/// <summary>
/// Makes untrusted text safe in HTML: terminal escapes removed and control characters shown
/// (<see cref="TerminalText"/>), then <c>&lt; &gt; &amp; " '</c> encoded, so a log line can never open a
/// tag, an attribute or a script. Thread-safe (stateless).
/// </summary>
internal static class HtmlText
{
    /// <summary>Encoded text for an element's content or a quoted attribute value.</summary>
    public static string Escape(string? text, int maxLength = 4096) => WebUtility.HtmlEncode(TerminalText.Sanitize(text, maxLength));
}
