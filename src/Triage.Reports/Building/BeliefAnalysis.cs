using System.Globalization;
using Triage.Hypotheses;
using Triage.Reports.Model;

namespace Triage.Reports.Building;

/// <summary>
/// Replays the votes in the order they were cast, with the notes and decisions between them, to say
/// which theory the team favoured (the highest net vote at its peak), which the evidence ranked
/// first, which was confirmed and with how many votes at that moment, and what dissent was raised:
/// a vote for a theory other than the favourite of its time, a vote against the favourite, a note
/// on another theory. The product exists because an incident was solved by the least-voted theory;
/// this is where a report makes such a thing visible.
/// </summary>
internal static class BeliefAnalysis
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static BeliefSection Analyze(IReadOnlyList<HypothesisStatus> statuses, IReadOnlyList<VoteRecord> votes, IReadOnlyList<ReviewEntry> reviews, bool complete)
    {
        var byId = statuses.ToDictionary(s => s.Hypothesis.Id, s => s.Hypothesis, StringComparer.Ordinal);
        var current = new Dictionary<(string Hypothesis, string Voter), int>();
        var net = new Dictionary<string, int>(StringComparer.Ordinal);
        var peak = new Dictionary<string, int>(StringComparer.Ordinal);
        var dissent = new List<Dissent>();
        Dictionary<string, int>? netAtConfirm = null;
        var confirmed = statuses.Where(s => s.Status == ReviewStatus.Confirmed).OrderByDescending(s => s.Decision!.At).FirstOrDefault();

        var events = votes.Select((v, i) => (v.At, Order: i, Vote: (VoteRecord?)v, Review: (ReviewEntry?)null))
            .Concat(reviews.Select((r, i) => (r.At, Order: votes.Count + i, Vote: (VoteRecord?)null, Review: (ReviewEntry?)r)))
            .OrderBy(e => e.At).ThenBy(e => e.Order);
        foreach (var e in events)
        {
            var favourite = Favourite(net);
            if (e.Vote is { } vote)
            {
                var name = Name(byId, vote.HypothesisId);
                if (favourite is not null && vote.Vote > 0 && vote.HypothesisId != favourite)
                {
                    dissent.Add(new Dissent(vote.At, vote.Voter, vote.HypothesisId, $"voted for {name} while the team favoured {Name(byId, favourite)} ({Signed(net[favourite])})"));
                }
                else if (favourite is not null && vote.Vote < 0 && vote.HypothesisId == favourite)
                {
                    dissent.Add(new Dissent(vote.At, vote.Voter, vote.HypothesisId, $"voted against the favourite {name} ({Signed(net[favourite])})"));
                }

                current[(vote.HypothesisId, vote.Voter)] = vote.Vote;
                net[vote.HypothesisId] = current.Where(kv => kv.Key.Hypothesis == vote.HypothesisId).Sum(kv => Math.Sign(kv.Value));
                peak[vote.HypothesisId] = Math.Max(peak.GetValueOrDefault(vote.HypothesisId), net[vote.HypothesisId]);
            }
            else if (e.Review is { } review)
            {
                if (review.Kind == ReviewKind.Note && favourite is not null && review.HypothesisId != favourite)
                {
                    dissent.Add(new Dissent(review.At, review.Author, review.HypothesisId, $"noted on {Name(byId, review.HypothesisId)} while the team favoured {Name(byId, favourite)}: {review.Text}"));
                }

                if (confirmed is not null && ReferenceEquals(review, confirmed.Decision))
                {
                    netAtConfirm = new Dictionary<string, int>(net, StringComparer.Ordinal);
                }
            }
        }

        var favoured = peak.Where(kv => kv.Value > 0)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => byId.TryGetValue(kv.Key, out var h) && h.Rank > 0 ? h.Rank : int.MaxValue).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key).FirstOrDefault();
        var rows = statuses.Where(s => s.Hypothesis.Rank > 0 || net.ContainsKey(s.Hypothesis.Id))
            .Select(s => new BeliefRow(s.Hypothesis.Id, s.Hypothesis.Rank, s.Hypothesis.Title, s.Hypothesis.Score, s.Hypothesis.Votes.Up, s.Hypothesis.Votes.Down, peak.GetValueOrDefault(s.Hypothesis.Id), s.Status))
            .ToList();
        var findings = Findings(statuses, byId, favoured, peak, confirmed, netAtConfirm ?? net, votes.Count, dissent.Count);
        return new BeliefSection(rows, votes, complete, favoured, confirmed?.Hypothesis.Id, findings, dissent);
    }

    private static List<string> Findings(
        IReadOnlyList<HypothesisStatus> statuses, Dictionary<string, Hypothesis> byId, string? favoured, Dictionary<string, int> peak,
        HypothesisStatus? confirmed, Dictionary<string, int> netAtConfirm, int votes, int dissent)
    {
        var findings = new List<string>();
        var top = statuses.Select(s => s.Hypothesis).FirstOrDefault(h => h.Rank == 1) ?? statuses[0].Hypothesis;
        findings.Add(string.Create(Inv, $"The evidence ranked {Name(byId, top.Id)} first (score {top.Score:0.00}): {top.Title}."));
        if (votes == 0)
        {
            findings.Add("Nobody voted.");
        }
        else if (favoured is null)
        {
            findings.Add("No theory ever had more votes for than against.");
        }
        else if (favoured == top.Id)
        {
            findings.Add(string.Create(Inv, $"The team's votes agreed: it was also the favourite ({Signed(peak[favoured])} at its peak)."));
        }
        else
        {
            var f = byId[favoured];
            findings.Add(string.Create(Inv,
                $"The team favoured {Name(byId, favoured)} ({Signed(peak[favoured])} at its peak; now {f.Votes.Up} for, {f.Votes.Down} against), which the evidence ranked {(f.Rank > 0 ? "#" + f.Rank.ToString(Inv) : "nowhere in the latest analysis")} (score {f.Score:0.00}): {f.Title}."));
        }

        if (confirmed is null)
        {
            findings.Add("Nothing has been confirmed: the report leads with the top hypothesis, unconfirmed.");
        }
        else
        {
            var h = confirmed.Hypothesis;
            var decision = confirmed.Decision!;
            findings.Add(string.Create(Inv,
                $"{decision.Author} confirmed {Name(byId, h.Id)} at {TimelineBuilder.Time(decision.At)}: {decision.Text}{(h.Rank == 1 ? " The evidence had ranked it first." : h.Rank > 0 ? $" The evidence had ranked it #{h.Rank}." : string.Empty)}"));
            var mine = netAtConfirm.GetValueOrDefault(h.Id);
            var others = netAtConfirm.Where(kv => kv.Key != h.Id).ToList();
            if (votes > 0 && others.Count > 0 && others.All(kv => kv.Value > mine))
            {
                findings.Add(string.Create(Inv,
                    $"When it was confirmed it had {Signed(mine)} net votes, fewer than every other theory voted on ({string.Join(", ", others.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{Name(byId, kv.Key)} {Signed(kv.Value)}"))}): the least-voted theory was the right one."));
            }
            else if (favoured is not null && favoured != h.Id)
            {
                findings.Add(string.Create(Inv, $"It was not the team's favourite: it had {Signed(mine)} net votes when it was confirmed."));
            }
        }

        if (dissent > 0)
        {
            findings.Add(string.Create(Inv, $"{dissent} vote{(dissent == 1 ? string.Empty : "s")} or note{(dissent == 1 ? string.Empty : "s")} went against the favourite of {(dissent == 1 ? "its" : "their")} time (listed below)."));
        }

        return findings;
    }

    private static string? Favourite(Dictionary<string, int> net)
    {
        var best = net.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Take(2).ToList();
        return best.Count == 0 || (best.Count == 2 && best[0].Value == best[1].Value) ? null : best[0].Key;
    }

    private static string Name(Dictionary<string, Hypothesis> byId, string id) => TimelineBuilder.Name(byId.GetValueOrDefault(id), id);

    private static string Signed(int n) => n > 0 ? "+" + n.ToString(Inv) : n.ToString(Inv).Replace('-', '−');
}
