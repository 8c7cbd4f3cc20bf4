using System.Text;
using System.Text.RegularExpressions;

namespace Triage.Rules.Matching;

/// <summary>
/// A <c>{name}</c> template (signatures, collect values). A <c>{</c> not followed by a name and
/// <c>}</c> is literal text; a missing attribute renders as empty. Immutable.
/// </summary>
internal sealed class AttrTemplate
{
    // Even entries are literal text, odd entries attribute names.
    private readonly string[] _parts;

    private AttrTemplate(string text, string[] parts)
    {
        Text = text;
        _parts = parts;
        var names = new List<string>();
        for (var i = 1; i < parts.Length; i += 2)
        {
            names.Add(parts[i]);
        }

        Names = names;
    }

    public string Text { get; }

    /// <summary>The attribute names referenced, in order.</summary>
    public IReadOnlyList<string> Names { get; }

    public static AttrTemplate Parse(string text)
    {
        var parts = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '{')
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                if (end > i + 1 && end < text.Length && text[end] == '}')
                {
                    parts.Add(literal.ToString());
                    parts.Add(text[(i + 1)..end]);
                    literal.Clear();
                    i = end + 1;
                    continue;
                }
            }

            literal.Append(text[i]);
            i++;
        }

        parts.Add(literal.ToString());
        return new AttrTemplate(text, [.. parts]);
    }

    public string Render(IReadOnlyDictionary<string, string> attrs)
    {
        var text = new StringBuilder();
        for (var i = 0; i < _parts.Length; i++)
        {
            if (i % 2 == 0)
            {
                text.Append(_parts[i]);
            }
            else if (attrs.TryGetValue(_parts[i], out var value))
            {
                text.Append(value);
            }
        }

        return text.ToString();
    }

    public string Render(Match match)
    {
        var text = new StringBuilder();
        for (var i = 0; i < _parts.Length; i++)
        {
            if (i % 2 == 0)
            {
                text.Append(_parts[i]);
            }
            else
            {
                text.Append(match.Groups[_parts[i]].ValueSpan);
            }
        }

        return text.ToString();
    }
}
