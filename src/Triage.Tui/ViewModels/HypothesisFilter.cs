using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Tui.ViewModels;

/// <summary>
/// The <c>/</c> filter: space-separated terms, all of which must match. <c>category:NAME</c>,
/// <c>kind:PART</c> and <c>host:PART</c> match the category, an explained kind, or a host the
/// hypothesis blames or samples; a bare word matches any of those or the title. Case-insensitive.
/// </summary>
internal sealed class HypothesisFilter
{
    private readonly List<(string Field, string Value)> _terms;

    private HypothesisFilter(string text, List<(string, string)> terms)
    {
        Text = text;
        _terms = terms;
    }

    public static HypothesisFilter None { get; } = new(string.Empty, []);

    public string Text { get; }

    public bool IsEmpty => _terms.Count == 0;

    public static HypothesisFilter Parse(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        var terms = new List<(string, string)>();
        foreach (var word in trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = word.IndexOf(':', StringComparison.Ordinal);
            var field = colon > 0 ? word[..colon].ToLowerInvariant() : string.Empty;
            terms.Add(field is "category" or "kind" or "host" ? (field, word[(colon + 1)..]) : (string.Empty, word));
        }

        return terms.Count == 0 ? None : new HypothesisFilter(trimmed, terms);
    }

    public bool Matches(Hypothesis hypothesis) => _terms.TrueForAll(t => Matches(hypothesis, t.Field, t.Value));

    private static bool Matches(Hypothesis h, string field, string value) => field switch
    {
        "category" => string.Equals(Names.Of(h.Category), value, StringComparison.OrdinalIgnoreCase),
        "kind" => h.Explains.Kinds.Any(k => Contains(k, value)),
        "host" => Hosts(h).Any(x => Contains(x, value)),
        _ => Contains(Names.Of(h.Category), value) || h.Explains.Kinds.Any(k => Contains(k, value)) || Hosts(h).Any(x => Contains(x, value)) || Contains(h.Title, value),
    };

    private static IEnumerable<string> Hosts(Hypothesis h) =>
        h.Factors.Where(f => f.Key == "host").Select(f => f.Value).Concat(h.Samples.Select(s => s.Host).OfType<string>());

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
