using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Markdig;
using Triage.Reports.Rendering;

namespace Triage.Reports.Tests.Rendering;

/// <summary>Whatever a log line holds, the escapers leave no markup and no escape sequence.</summary>
public sealed class EscapingPropertyTests
{
    // Strings built from the characters that matter: markup, Markdown syntax, escapes, controls, text.
    private static readonly Arbitrary<string> Hostile = Gen.Elements(
            "<", ">", "&", "\"", "'", "`", "``", "*", "_", "[", "]", "(", ")", "!", "#", "-", "+", "|", "~", "\\", "=", ":", "1.", " ", "\n",
            "\u001b[31m", "\u001b]0;t\u0007", "\u009b2J", "\u0000", "\u202e", "\ud800", "script", "img onerror=x", "a", "http://x", "www.x.io", "&lt;", "&#60;")
        .ArrayOf()
        .Select(parts => string.Concat(parts))
        .ToArbitrary();

    [Property(MaxTest = 500)]
    public Property MarkdownEscape_AnyText_RendersAsOneParagraphOfTextWithoutTags() =>
        Prop.ForAll(Hostile, text =>
        {
            var html = Markdown.ToHtml("x " + MarkdownText.Escape(text));
            var inner = html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>\n", StringComparison.Ordinal) ? html[3..^5] : html;
            return !inner.Contains('<') && !inner.Contains('\u001b');
        });

    [Property(MaxTest = 500)]
    public Property MarkdownCode_AnyText_RendersAsOneCodeSpan() =>
        Prop.ForAll(Hostile, text =>
        {
            var html = Markdown.ToHtml("x " + MarkdownText.Code(text));
            var start = html.IndexOf("<code>", StringComparison.Ordinal);
            var end = html.LastIndexOf("</code>", StringComparison.Ordinal);
            return start > 0 && end > start && !html[(start + 6)..end].Contains('<') && !html.Contains('\u001b');
        });

    [Property(MaxTest = 500)]
    public Property HtmlEscape_AnyText_NoMarkupCharacterNoEscape() =>
        Prop.ForAll(Hostile, text =>
        {
            var escaped = HtmlText.Escape(text);
            return escaped.IndexOfAny(['<', '>', '"', '\'', '\u001b', '\u009b', '\u0007']) < 0;
        });
}
