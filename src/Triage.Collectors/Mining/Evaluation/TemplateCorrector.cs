using System.Text;

namespace Triage.Collectors.Mining.Evaluation;

/// <summary>
/// The template post-processing the Loghub-2.0 benchmark applies to every parser's output before
/// scoring (its <c>correct_single_template</c>; the ground truth was written the same way): spaces
/// collapsed, all-digit pieces and pieces holding a variable become <c>&lt;*&gt;</c>, and adjacent
/// variables joined by <c>. : # / @</c> or nothing are merged. Thread-safe; never throws.
/// </summary>
public static class TemplateCorrector
{
    private const string W = "<*>";

    /// <summary>The corrected form of <paramref name="template"/>.</summary>
    public static string Correct(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = string.Join(' ', template.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (IsDelimiter(text[i]))
            {
                sb.Append(text[i++]);
                continue;
            }

            var start = i;
            while (i < text.Length && !IsDelimiter(text[i]))
            {
                i++;
            }

            var piece = text.AsSpan(start, i - start);
            var variable = !piece.ContainsAnyExceptInRange('0', '9')
                || (piece.Contains(W, StringComparison.Ordinal) && !piece.Contains('/') && !piece.SequenceEqual("<*>/<*>"));
            sb.Append(variable ? W : piece);
        }

        text = sb.ToString();
        text = Collapse(text, "<*>.<*>", W);
        text = Collapse(text, "<*><*>", W);
        text = Collapse(text, " #<*># ", " <*> ");
        text = Collapse(text, " #<*> ", " <*> ");
        foreach (var joiner in new[] { ":", "#", "/", "@", "." })
        {
            text = Collapse(text, W + joiner + W, W);
        }

        text = Collapse(text, " \"<*>\" ", " <*> ");
        text = Collapse(text, " '<*>' ", " <*> ");
        return Collapse(text, "<*><*>", W);
    }

    private static string Collapse(string text, string from, string to)
    {
        while (text.Contains(from, StringComparison.Ordinal))
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    private static bool IsDelimiter(char c) => char.IsWhiteSpace(c) || c is ',' or '!' or ';' or ':' or '=' or '|' or '"' or '\''
        or '[' or ']' or '(' or ')' or '{' or '}' or '.' or '-' or '+' or '@' or '#' or '$' or '%' or '&';
}
