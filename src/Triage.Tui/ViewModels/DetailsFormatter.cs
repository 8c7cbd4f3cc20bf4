using System.Globalization;
using Triage.Hypotheses;
using Triage.Symptoms;
using Triage.Text;

namespace Triage.Tui.ViewModels;

/// <summary>The details pane of a hypothesis as wrapped lines: evidence, counter-evidence, factors, next check, timeline, collateral, votes, decisions, notes.</summary>
internal static class DetailsFormatter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Format(HypothesesViewModel list, Hypothesis h, HypothesisDetails? details, int width)
    {
        var lines = new List<string>();
        void Add(string text, string indent = "") => Wrap(lines, TerminalText.Sanitize(text, 2048), indent, width);

        Add(string.Create(Inv, $"{(h.Rank > 0 ? "#" + h.Rank.ToString(Inv) : "unranked")} {h.Id}  score {h.Score:0.00}  {Names.Of(h.Category)}  first seen {Time(h.FirstSeen)}"));
        Add(h.Title);
        Add("factors: " + (h.Factors.Count == 0 ? "none (no concentrating factor)" : string.Join(", ", h.Factors.Select(f => f.ToString()))));
        Add(string.Create(Inv,
            $"explains {h.Explains.Symptoms.ToString("N0", Inv)} symptoms ({h.Explains.Fraction.ToString("0.#%", Inv)}), {h.Explains.RootSymptoms.ToString("N0", Inv)} first failures, on {h.Explains.Hosts} hosts / {h.Explains.Ranks} ranks; kinds: {string.Join(", ", h.Explains.Kinds)}"));
        Add(VotesLine(list, h));
        if (list.Decision(h) is { } decision)
        {
            Add(string.Create(Inv, $"{(decision.Kind == ReviewKind.Confirm ? "CONFIRMED" : "REJECTED")} by {decision.Author} at {Time(decision.At)}: {decision.Text}"));
        }

        foreach (var note in list.Notes(h))
        {
            Add(string.Create(Inv, $"note by {note.Author} at {Time(note.At)}: {note.Text}"));
        }

        Add("next check: " + h.NextCheck);
        if (details is not null)
        {
            var spark = Sparkline.Render(details.Timeline);
            Add($"timeline  {Time(details.From)} |{spark}| {Time(details.To)}");
            var collateral = h.Explains.Symptoms - h.Explains.RootSymptoms;
            Add(string.Create(Inv, $"collateral absorbed: {collateral.ToString("N0", Inv)}") +
                (details.Collateral.Count == 0 ? string.Empty : " (" + string.Join(", ", details.Collateral.Take(6).Select(c => string.Create(Inv, $"{c.Kind} ×{c.Count.ToString("N0", Inv)}"))) + ")"));
        }

        Add("evidence:");
        foreach (var e in h.Evidence)
        {
            Add("+ " + e, "  ");
        }

        Add("counter-evidence:");
        foreach (var e in h.CounterEvidence.Count == 0 ? ["none found"] : h.CounterEvidence)
        {
            Add("- " + e, "  ");
        }

        return lines;
    }

    private static string VotesLine(HypothesesViewModel list, Hypothesis h)
    {
        var mine = list.MyVote(h) switch { > 0 => "you voted +", < 0 => "you voted -", _ => "you have not voted" };
        if (list.TalliesHidden(h))
        {
            return $"votes: hidden until you vote (blind mode); {mine}";
        }

        var voters = list.Voters(h);
        var who = voters.Count == 0 ? "none" : string.Join(", ", voters.Select(v => (v.Vote > 0 ? "+" : "-") + v.Voter));
        return string.Create(Inv, $"votes: +{h.Votes.Up} -{h.Votes.Down} ({who}); {mine}");
    }

    internal static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Inv) ?? "unknown";

    /// <summary>Word-wraps <paramref name="text"/> into <paramref name="lines"/>; continuation lines get <paramref name="indent"/> plus two spaces.</summary>
    internal static void Wrap(List<string> lines, string text, string indent, int width)
    {
        var first = true;
        var rest = text;
        while (true)
        {
            var prefix = first ? indent : indent + "  ";
            var room = Math.Max(8, width - prefix.Length);
            if (rest.Length <= room)
            {
                lines.Add(prefix + rest);
                return;
            }

            var cut = rest.LastIndexOf(' ', room);
            cut = cut <= room / 3 ? room : cut;
            lines.Add(prefix + rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
            first = false;
        }
    }
}
