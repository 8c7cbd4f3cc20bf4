using System.Globalization;
using Triage.Hypotheses;
using Triage.Storage;
using Triage.Text;

namespace Triage.Tui.ViewModels;

/// <summary>
/// The whole screen's state and commands, without Terminal.Gui. Keys arrive as names
/// (<c>Up</c>, <c>Enter</c>, <c>+</c>, ...). A key either changes state at once (returns null) or
/// returns background work: the work talks to the store and returns an action that applies its
/// result, which the caller must run on the UI thread. Not thread-safe: the UI thread owns it.
/// </summary>
internal sealed class TuiViewModel
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly TuiSession _session;
    private readonly Dictionary<string, HypothesisDetails> _details = new(StringComparer.Ordinal);
    private IReadOnlyList<SymptomRow> _symptomRows = [];
    private IReadOnlyList<string> _sourceLines = [];
    private int _symptomIndex;
    private int _sourceIndex;
    private Hypothesis? _drilled;
    private RunSummary? _run;
    private Attribution? _attribution;

    public TuiViewModel(TuiSession session)
    {
        _session = session;
        List = new HypothesesViewModel(session.User, session.Blind);
    }

    public HypothesesViewModel List { get; }

    public TuiScreen Screen { get; private set; } = TuiScreen.Hypotheses;

    public PromptKind Prompt { get; private set; } = PromptKind.None;

    public string Status { get; private set; } = string.Empty;

    public bool QuitRequested { get; private set; }

    public string? DrillTitle { get; private set; }

    /// <summary>
    /// The work that loads the store's current state (live refresh, after a change); with
    /// <paramref name="firstPage"/>, only that many hypotheses by rank (the first frame: the rest
    /// follows with a plain refresh, see <see cref="StoreSnapshot.Partial"/>).
    /// </summary>
    public Func<CancellationToken, Task<Action>> Refresh(int? firstPage = null) => async token =>
    {
        var snapshot = firstPage is { } size
            ? await StoreSnapshot.LoadFirstPageAsync(_session.Store, _session.Run, size, token).ConfigureAwait(false)
            : await StoreSnapshot.LoadAsync(_session.Store, _session.Run, token).ConfigureAwait(false);
        StartupTrace.Mark(firstPage is null ? "snapshot-read" : "first-page-read");
        return () =>
        {
            if (!snapshot.SameAs(List.Snapshot))
            {
                // The rest of a first page is the same analysis: keep the details already loaded.
                if (!snapshot.SameHypotheses(List.Snapshot) && !List.Snapshot.Partial)
                {
                    // A new analysis: timelines and the run's time span may have changed.
                    _details.Clear();
                    _run = null;
                    _attribution = null;
                }

                List.Apply(snapshot);
            }
        };
    };

    /// <summary>Work that loads the details of the selected hypothesis, or null when they are loaded (or there is none).</summary>
    public Func<CancellationToken, Task<Action>>? LoadDetails(int bins)
    {
        if (Screen != TuiScreen.Hypotheses || List.Selected is not { } h || _details.ContainsKey(h.Id))
        {
            return null;
        }

        var known = _run;
        var load = AttributionWork();
        return async token =>
        {
            // The run's time span costs a scan of its symptoms: read once, not on every poll.
            var run = known ?? (await _session.Store.GetRunsAsync(token).ConfigureAwait(false)).FirstOrDefault(r => r.Run == _session.Run);
            var attribution = await load(token).ConfigureAwait(false);
            var details = await HypothesisDetails.LoadAsync(_session.Store, attribution, run, h, bins, token).ConfigureAwait(false);
            return () =>
            {
                _run ??= run;
                _attribution ??= attribution;
                _details[h.Id] = details;
            };
        };
    }

    public string PromptLabel => Prompt switch
    {
        PromptKind.Filter => "filter (category:NAME kind:PART host:PART, empty clears): ",
        PromptKind.Confirm => "confirm — reason: ",
        PromptKind.Reject => "reject — reason: ",
        PromptKind.Note => "note: ",
        _ => string.Empty,
    };

    public string PromptInitialText => Prompt == PromptKind.Filter ? List.Filter.Text : string.Empty;

    public Func<CancellationToken, Task<Action>>? HandleKey(string key)
    {
        if (Prompt != PromptKind.None)
        {
            return null;
        }

        switch (key)
        {
            case "q":
                QuitRequested = true;
                return null;
            case "Up": Move(-1); return null;
            case "Down": Move(1); return null;
            case "PageUp": Move(-10); return null;
            case "PageDown": Move(10); return null;
            case "Home": Move(int.MinValue / 2); return null;
            case "End": Move(int.MaxValue / 2); return null;
            case "Esc" or "Backspace": Back(); return null;
            case "?":
                Screen = Screen == TuiScreen.Help ? TuiScreen.Hypotheses : TuiScreen.Help;
                return null;
            case "Enter": return Enter();
        }

        if (Screen != TuiScreen.Hypotheses)
        {
            return null;
        }

        switch (key)
        {
            case "s":
                List.CycleSort();
                Status = "sorted by " + SortName;
                return null;
            case "/": Prompt = PromptKind.Filter; return null;
            case "c" or "x" or "n" when List.Selected is not null:
                Prompt = key switch { "c" => PromptKind.Confirm, "x" => PromptKind.Reject, _ => PromptKind.Note };
                return null;
            case "+" or "-" when List.Selected is { } h: return Vote(h, key == "+" ? 1 : -1);
            case "r": return Reanalyze();
            default: return null;
        }
    }

    public void CancelPrompt() => Prompt = PromptKind.None;

    /// <summary>Shows a failure on the status line (the details go to the log file).</summary>
    public void ShowError(string message) => Status = message;

    /// <summary>Submits the open prompt's text: the filter applies at once; a decision or note is written to the store.</summary>
    public Func<CancellationToken, Task<Action>>? SubmitPrompt(string text)
    {
        var kind = Prompt;
        Prompt = PromptKind.None;
        if (kind == PromptKind.Filter)
        {
            List.SetFilter(text);
            Status = List.Filter.IsEmpty ? "filter cleared" : string.Create(Inv, $"filter '{TerminalText.Sanitize(List.Filter.Text, 80)}': {List.Visible.Count} of {List.Snapshot.Hypotheses.Count}");
            return null;
        }

        if (kind == PromptKind.None || List.Selected is not { } h)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text) && kind != PromptKind.Note)
        {
            Status = "a decision needs a reason; nothing recorded";
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var review = kind switch { PromptKind.Confirm => ReviewKind.Confirm, PromptKind.Reject => ReviewKind.Reject, _ => ReviewKind.Note };
        var entry = new ReviewEntry(h.Id, review, _session.User, text.Trim(), _session.Time.GetUtcNow());
        var done = review switch { ReviewKind.Confirm => "confirmed", ReviewKind.Reject => "rejected", _ => "noted" };
        return Then(token => _session.Store.AddReviewAsync(_session.Run, entry, token), $"{done} {h.Id}");
    }

    public string SortName => List.Sort switch { HypothesisSort.Votes => "votes", HypothesisSort.FirstSeen => "first seen", _ => "evidence" };

    public string Header() => string.Create(Inv,
        $"run {TerminalText.Sanitize(_session.Run, 60)} · {(List.Snapshot.Partial ? $"{List.Snapshot.Hypotheses.Count} of {List.Snapshot.Total} hypotheses loaded" : $"{List.Visible.Count}/{List.Snapshot.Hypotheses.Count} hypotheses")} · sort {SortName}{(List.Filter.IsEmpty ? string.Empty : " · filter " + TerminalText.Sanitize(List.Filter.Text, 40))} · you: {TerminalText.Sanitize(_session.User, 30)}{(List.Blind ? " (blind)" : string.Empty)}");

    /// <summary>The main list's lines and which one is selected.</summary>
    public (IReadOnlyList<string> Lines, int Selected) ListLines(int width) => Screen switch
    {
        TuiScreen.Symptoms => (_symptomRows.Select((r, i) => HypothesesViewModel.Fit((i == _symptomIndex ? "▶ " : "  ") + r.Text, width)).ToList(), _symptomIndex),
        TuiScreen.Source => (_sourceLines.Select(l => HypothesesViewModel.Fit(l, width)).ToList(), _sourceIndex),
        TuiScreen.Help => (KeyHelp.Lines.Select(l => HypothesesViewModel.Fit(l, width)).ToList(), 0),
        _ => (List.Rows(width), List.SelectedIndex),
    };

    /// <summary>The main list as a count and a line maker, so only the visible lines are formatted.</summary>
    public (int Count, Func<int, string> Line, int Selected) ListRows(int width)
    {
        if (Screen != TuiScreen.Hypotheses)
        {
            var (lines, selected) = ListLines(width);
            return (lines.Count, i => lines[i], selected);
        }

        return (List.Visible.Count, i => List.Row(i, width), List.SelectedIndex);
    }

    public IReadOnlyList<string> DetailLines(int width)
    {
        var lines = new List<string>();
        switch (Screen)
        {
            case TuiScreen.Hypotheses when List.Selected is { } h:
                return DetailsFormatter.Format(List, h, _details.GetValueOrDefault(h.Id), width);
            case TuiScreen.Hypotheses:
                DetailsFormatter.Wrap(lines, List.Snapshot.Hypotheses.Count == 0 ? "No hypotheses for this run yet: run 'triage analyze RUN_DIR' (or press r)." : "No hypothesis matches the filter (/ to change it).", string.Empty, width);
                return lines;
            case TuiScreen.Symptoms when SelectedSymptom is { } s:
                DetailsFormatter.Wrap(lines, TerminalText.Sanitize($"{s.Id} {s.Kind} ({s.Category}, {s.Severity}) on {s.Host ?? "-"} at {s.Source.Path}:{s.Source.Line}; Enter shows the raw line"), string.Empty, width);
                DetailsFormatter.Wrap(lines, TerminalText.Sanitize(s.Message, 2048), string.Empty, width);
                return lines;
            default:
                DetailsFormatter.Wrap(lines, DrillTitle ?? string.Empty, string.Empty, width);
                return lines;
        }
    }

    private Symptoms.Symptom? SelectedSymptom => _symptomIndex < _symptomRows.Count ? _symptomRows[_symptomIndex].Symptom : null;

    private void Move(int delta)
    {
        switch (Screen)
        {
            case TuiScreen.Symptoms:
                _symptomIndex = Math.Clamp(_symptomIndex + delta, 0, Math.Max(0, _symptomRows.Count - 1));
                break;
            case TuiScreen.Source:
                _sourceIndex = Math.Clamp(_sourceIndex + delta, 0, Math.Max(0, _sourceLines.Count - 1));
                break;
            case TuiScreen.Hypotheses:
                List.Move(delta);
                break;
        }
    }

    private void Back()
    {
        Screen = Screen switch { TuiScreen.Source => TuiScreen.Symptoms, _ => TuiScreen.Hypotheses };
        DrillTitle = Screen == TuiScreen.Symptoms ? SymptomsTitle(_drilled) : null;
    }

    private Func<CancellationToken, Task<Action>>? Enter()
    {
        if (Screen == TuiScreen.Hypotheses && List.Selected is { } h)
        {
            var load = AttributionWork();
            return async token =>
            {
                var attribution = await load(token).ConfigureAwait(false);
                var symptoms = await SymptomGroups.LoadAsync(_session.Store, attribution, h, token).ConfigureAwait(false);
                var rows = SymptomGroups.Rows(symptoms);
                return () =>
                {
                    _attribution ??= attribution;
                    _drilled = h;
                    _symptomRows = rows;
                    _symptomIndex = rows.Count > 1 ? 1 : 0;
                    Screen = TuiScreen.Symptoms;
                    DrillTitle = SymptomsTitle(h);
                };
            };
        }

        if (Screen == TuiScreen.Symptoms && SelectedSymptom is { } s)
        {
            return async token =>
            {
                var lines = await SourceExcerpt.ReadAsync(_session.RunDirectory, s.Source.Path, s.Source.Line, token).ConfigureAwait(false);
                return () =>
                {
                    _sourceLines = lines;
                    _sourceIndex = Math.Max(0, lines.ToList().FindIndex(l => l.StartsWith('>')));
                    Screen = TuiScreen.Source;
                    DrillTitle = TerminalText.Sanitize($"{s.Source.Path}:{s.Source.Line} — {s.Kind} on {s.Host ?? "-"}; Esc goes back", 512);
                };
            };
        }

        return null;
    }

    /// <summary>The latest analysis's attribution: cached until a re-analysis (it names every root symptom of every hypothesis).</summary>
    private Func<CancellationToken, Task<Attribution?>> AttributionWork()
    {
        var cached = _attribution;
        return token => cached is not null ? Task.FromResult<Attribution?>(cached) : _session.Store.GetAttributionAsync(_session.Run, token);
    }

    private static string? SymptomsTitle(Hypothesis? h) => h is null
        ? null
        : TerminalText.Sanitize(string.Create(Inv, $"symptoms behind #{h.Rank} {h.Id} ({h.Title}), by kind and host; Enter shows the raw line, Esc goes back"), 512);

    private Func<CancellationToken, Task<Action>> Vote(Hypothesis h, int direction)
    {
        var vote = List.NextVote(h, direction);
        var done = vote switch { > 0 => "voted + on ", < 0 => "voted - on ", _ => "withdrew your vote on " };
        return Then(token => _session.Store.VoteAsync(_session.Run, h.Id, _session.User, vote, token), done + h.Id);
    }

    private Func<CancellationToken, Task<Action>> Reanalyze()
    {
        if (_session.Reanalyze is not { } reanalyze)
        {
            return _ => Task.FromResult<Action>(() => Status = "re-analysis is not available in this session");
        }

        Status = "re-analysing…";
        return Then(reanalyze, "re-analysed", clearDetails: true);
    }

    /// <summary>Runs a store write, then reloads; the status line says what happened (or why it failed).</summary>
    private Func<CancellationToken, Task<Action>> Then(Func<CancellationToken, Task> write, string done, bool clearDetails = false) => async token =>
    {
        try
        {
            await write(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TriageException or IOException)
        {
            var message = TerminalText.Sanitize(ex.Message, 200);
            return () => Status = "failed: " + message;
        }

        var apply = await Refresh()(token).ConfigureAwait(false);
        return () =>
        {
            if (clearDetails)
            {
                _details.Clear();
            }

            apply();
            Status = done;
        };
    };
}
