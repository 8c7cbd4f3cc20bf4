using System.Globalization;
using Triage.Hypotheses;
using Triage.Symptoms;
using Triage.Text;

namespace Triage.Tui.ViewModels;

/// <summary>
/// The ranked hypotheses: sort, filter, selection, the engineer's votes and decisions, and the
/// dissent message. Plain state; not thread-safe (the UI thread owns it).
/// </summary>
internal sealed class HypothesesViewModel
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private List<Hypothesis> _visible = [];
    private string? _selectedId;

    public HypothesesViewModel(string user, bool blind)
    {
        User = user;
        Blind = blind;
    }

    public string User { get; }

    public bool Blind { get; }

    public StoreSnapshot Snapshot { get; private set; } = StoreSnapshot.Empty;

    public HypothesisSort Sort { get; private set; } = HypothesisSort.Evidence;

    public HypothesisFilter Filter { get; private set; } = HypothesisFilter.None;

    public IReadOnlyList<Hypothesis> Visible => _visible;

    public int SelectedIndex { get; private set; }

    public Hypothesis? Selected => _visible.Count == 0 ? null : _visible[SelectedIndex];

    public void Apply(StoreSnapshot snapshot)
    {
        Snapshot = snapshot;
        Rebuild();
    }

    public void SetSort(HypothesisSort sort)
    {
        Sort = sort;
        Rebuild();
    }

    public void CycleSort() => SetSort(Sort switch
    {
        HypothesisSort.Evidence => HypothesisSort.Votes,
        HypothesisSort.Votes => HypothesisSort.FirstSeen,
        _ => HypothesisSort.Evidence,
    });

    public void SetFilter(string? text)
    {
        Filter = HypothesisFilter.Parse(text);
        Rebuild();
    }

    public void Move(int delta) => Select(SelectedIndex + delta);

    public void Select(int index)
    {
        if (_visible.Count == 0)
        {
            SelectedIndex = 0;
            _selectedId = null;
            return;
        }

        SelectedIndex = Math.Clamp(index, 0, _visible.Count - 1);
        _selectedId = _visible[SelectedIndex].Id;
    }

    public int MyVote(Hypothesis h) => Snapshot.VotesById[h.Id].FirstOrDefault(v => v.Voter == User)?.Vote ?? 0;

    public IReadOnlyList<VoteRecord> Voters(Hypothesis h) => Snapshot.VotesById[h.Id].ToList();

    /// <summary>Blind mode hides a hypothesis's tallies and voters until you have voted on it.</summary>
    public bool TalliesHidden(Hypothesis h) => Blind && MyVote(h) == 0;

    /// <summary>The latest confirm or reject, or null.</summary>
    public ReviewEntry? Decision(Hypothesis h) => Snapshot.ReviewsById[h.Id].LastOrDefault(r => r.Kind != ReviewKind.Note);

    public IReadOnlyList<ReviewEntry> Notes(Hypothesis h) => Snapshot.ReviewsById[h.Id].Where(r => r.Kind == ReviewKind.Note).ToList();

    /// <summary>The vote <c>+</c> (direction 1) or <c>-</c> (-1) casts: pressing the same key again withdraws it.</summary>
    public int NextVote(Hypothesis h, int direction) => MyVote(h) == direction ? 0 : direction;

    /// <summary>
    /// Says plainly when votes and evidence disagree: the top hypothesis by evidence is not the top
    /// by votes, or a high-evidence hypothesis has net negative votes. Null when they agree. Blind
    /// mode keeps quiet until you have voted on the hypotheses concerned.
    /// </summary>
    public string? Dissent()
    {
        var ranked = Snapshot.Hypotheses.Where(h => h.Rank > 0).OrderBy(h => h.Rank).ToList();
        if (ranked.Count == 0 || Snapshot.Votes.Count == 0)
        {
            return null;
        }

        var topEvidence = ranked[0];
        var topVotes = ranked.OrderByDescending(Net).ThenBy(h => h.Rank).First();
        if (topVotes.Id != topEvidence.Id && Net(topVotes) > Net(topEvidence) && !TalliesHidden(topVotes) && !TalliesHidden(topEvidence))
        {
            return string.Create(Inv,
                $"DISSENT: votes favour #{topVotes.Rank} ({Net(topVotes):+0;-0;0}), the evidence #{topEvidence.Rank} (score {topEvidence.Score:0.00} vs {topVotes.Score:0.00}). The least-voted theory can be the right one: do #{topEvidence.Rank}'s next check first.");
        }

        var doubted = ranked.Where(h => h.Score >= 0.5 && Net(h) < 0 && !TalliesHidden(h)).OrderBy(h => h.Rank).FirstOrDefault();
        return doubted is null
            ? null
            : string.Create(Inv,
                $"DISSENT: #{doubted.Rank} has strong evidence (score {doubted.Score:0.00}) but net {Net(doubted):+0;-0;0} votes. The least-voted theory can be the right one: do its next check, or reject it with a reason (x).");
    }

    /// <summary>One line per visible hypothesis, fitted to <paramref name="width"/> columns.</summary>
    public IReadOnlyList<string> Rows(int width) => _visible.Select((h, i) => Row(h, i == SelectedIndex, width)).ToList();

    /// <summary>Line <paramref name="index"/> of <see cref="Rows"/>, made alone (the view formats only what is on screen).</summary>
    public string Row(int index, int width) => Row(_visible[index], index == SelectedIndex, width);

    public static string Bar(double score, int cells)
    {
        var filled = (int)Math.Round(Math.Clamp(score, 0, 1) * cells, MidpointRounding.AwayFromZero);
        return new string('█', filled) + new string('░', cells - filled);
    }

    private string Row(Hypothesis h, bool selected, int width)
    {
        var decision = Decision(h) switch
        {
            { Kind: ReviewKind.Confirm } => "✓",
            { Kind: ReviewKind.Reject } => "✗",
            _ => " ",
        };
        var votes = TalliesHidden(h) ? "  ?/?  " : string.Create(Inv, $"+{h.Votes.Up,-2} -{h.Votes.Down,-2}");
        var mine = MyVote(h) switch { > 0 => "▲", < 0 => "▼", _ => " " };
        var rank = h.Rank > 0 ? string.Create(Inv, $"#{h.Rank}") : "--";
        var head = string.Create(Inv,
            $"{(selected ? '▶' : ' ')}{decision}{rank,4} {Bar(h.Score, 6)} {h.Score:0.00} {Names.Of(h.Category),-9} {votes}{mine} ");
        var explains = string.Create(Inv, $" [{h.Explains.Symptoms.ToString("N0", Inv)}: {string.Join(",", h.Explains.Kinds.Take(2))}]");
        var room = Math.Max(0, width - head.Length);
        var title = TerminalText.Sanitize(h.Title, 512);
        var text = title.Length + explains.Length <= room ? title + explains : title;
        return Fit(head + TerminalText.Sanitize(text, 1024), width);
    }

    internal static string Fit(string text, int width) =>
        width <= 0 ? string.Empty : text.Length <= width ? text : text[..Math.Max(0, width - 1)] + "…";

    private void Rebuild()
    {
        IEnumerable<Hypothesis> matching = Snapshot.Hypotheses.Where(Filter.Matches);
        _visible = (Sort switch
        {
            HypothesisSort.Votes => matching.OrderByDescending(h => TalliesHidden(h) ? int.MinValue : Net(h)).ThenByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal),
            HypothesisSort.FirstSeen => matching.OrderBy(h => h.FirstSeen is null).ThenBy(h => h.FirstSeen).ThenBy(h => RankKey(h)).ThenBy(h => h.Id, StringComparer.Ordinal),
            _ => matching.OrderBy(RankKey).ThenByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal),
        }).ToList();
        var index = _selectedId is null ? -1 : _visible.FindIndex(h => h.Id == _selectedId);
        Select(index >= 0 ? index : Math.Min(SelectedIndex, _visible.Count - 1));
    }

    private static int RankKey(Hypothesis h) => h.Rank > 0 ? h.Rank : int.MaxValue;

    private static int Net(Hypothesis h) => h.Votes.Up - h.Votes.Down;
}
