using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Triage.Text;
using Triage.Tui.ViewModels;

namespace Triage.Tui.Views;

/// <summary>
/// The main window: header, dissent, the list, the details pane, status or prompt, and the key
/// line. Layout and binding only; state and commands live in <see cref="TuiViewModel"/>. Work on
/// the store runs in the background (or inline for tests) and reaches the UI only through
/// <see cref="IApplication.Invoke(Action)"/>.
/// </summary>
internal sealed class TriageWindow : Window
{
    private readonly IApplication _app;
    private readonly TuiViewModel _vm;
    private readonly TuiSession _session;
    private readonly bool _background;
    private readonly CancellationTokenSource _closing = new();
    private readonly List<Task> _pending = [];
    private readonly LinesView _header = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
    private readonly LinesView _dissent = new() { X = 0, Y = 1, Width = Dim.Fill(), Height = 2 };
    private readonly LinesView _list;
    private readonly LinesView _rule;
    private readonly LinesView _details;
    private readonly LinesView _status = new() { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1 };
    private readonly LinesView _keys = new() { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1 };
    private readonly TextField _input = new() { Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Visible = false };
    /// <summary>Hypotheses read for the first frame before the rest: a screen's worth and more (the list is at most ~half of a 200-row terminal).</summary>
    public const int FirstPage = 256;
    private readonly List<Action> _afterFirstFrame = [];
    private string? _loadingDetails;
    private bool _refreshing;
    private bool _firstFrameDrawn;

    public TriageWindow(IApplication app, TuiViewModel vm, TuiSession session, bool background)
    {
        _app = app;
        _vm = vm;
        _session = session;
        _background = background;
        Title = "triage";
        Width = Dim.Fill();
        Height = Dim.Fill();
        _list = new LinesView { X = 0, Y = 3, Width = Dim.Fill(), Height = Dim.Percent(40) };
        _rule = new LinesView { X = 0, Y = Pos.Bottom(_list), Width = Dim.Fill(), Height = 1 };
        _details = new LinesView { X = 0, Y = Pos.Bottom(_rule), Width = Dim.Fill(), Height = Dim.Fill(2) };
        Add(_header, _dissent, _list, _rule, _details, _status, _keys, _input);
        app.Keyboard.KeyDown += OnAppKeyDown;
        app.LayoutAndDrawComplete += OnDrawn;
        FrameChanged += (_, _) => Render();
    }

    /// <summary>Whether the first load from the store has been drawn.</summary>
    public bool Loaded { get; private set; }

    /// <summary>Completes when no background work is running (tests wait on it).</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_pending)
            {
                pending = [.. _pending];
            }

            if (pending.Length == 0)
            {
                return;
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
            lock (_pending)
            {
                _pending.RemoveAll(t => t.IsCompleted);
            }
        }
    }

    /// <summary>
    /// Loads the store (the first <see cref="FirstPage"/> hypotheses, then the rest) and starts
    /// polling it every <see cref="TuiSession.RefreshInterval"/>. <paramref name="firstLoad"/>: the
    /// first page's load already started by the caller (<see cref="TuiViewModel.Refresh"/> with
    /// <see cref="FirstPage"/>), or null to start it here.
    /// </summary>
    public void Start(Task<Action>? firstLoad = null)
    {
        StartupTrace.Mark("load-start");
        if (firstLoad is { IsCompletedSuccessfully: true })
        {
            // Read while Terminal.Gui started (the usual case): the very first frame is the loaded one.
            firstLoad.GetAwaiter().GetResult()();
            OnFirstLoad();
            Render();
        }
        else
        {
            Run("load", firstLoad is null ? _vm.Refresh(FirstPage) : _ => firstLoad, OnFirstLoad);
        }

        _app.AddTimeout(_session.RefreshInterval, () =>
        {
            if (!_refreshing && !_closing.IsCancellationRequested)
            {
                _refreshing = true;
                Run("refresh", _vm.Refresh(), () => _refreshing = false);
            }

            return !_closing.IsCancellationRequested;
        });
    }

    /// <summary>The first load is applied: draw it; read the rest of the hypotheses after that frame.</summary>
    private void OnFirstLoad()
    {
        Loaded = true;
        StartupTrace.Mark("loaded");
        if (_vm.List.Snapshot.Partial)
        {
            _refreshing = true;
            AfterFirstFrame(() => Run("load", _vm.Refresh(), () => _refreshing = false));
        }
    }

    /// <summary>Draws the view-model's state into the views (UI thread only).</summary>
    public void Render()
    {
        var width = Math.Max(10, Viewport.Width);
        _header.SetLines([HypothesesViewModel.Fit(_vm.Header(), width)]);
        var dissent = new List<string>();
        if (_vm.Screen == TuiScreen.Hypotheses && _vm.List.Dissent() is { } message)
        {
            DetailsFormatter.Wrap(dissent, message, string.Empty, width);
        }

        _dissent.SetLines(dissent.Take(2).Select((l, i) => i == 1 && dissent.Count > 2 ? HypothesesViewModel.Fit(l + " " + string.Join(' ', dissent.Skip(2).Select(d => d.Trim())), width) : l).ToList());
        var (count, line, selected) = _vm.ListRows(width);
        _list.SetLines(count, line, _vm.Screen == TuiScreen.Help ? -1 : selected);
        var rule = "── " + (_vm.Screen switch { TuiScreen.Hypotheses => "details", TuiScreen.Help => "help", _ => "drill-down" }) + " ";
        _rule.SetLines([rule + new string('─', Math.Max(0, width - rule.Length))]);
        _details.SetLines(_vm.DetailLines(width));
        _keys.SetLines([HypothesesViewModel.Fit(width >= KeyHelp.Footer.Length ? KeyHelp.Footer : KeyHelp.ShortFooter, width)]);
        if (_vm.Prompt == PromptKind.None)
        {
            _input.Visible = false;
            _status.SetLines([HypothesesViewModel.Fit(_vm.Status, width)]);
        }
        else
        {
            var label = _vm.PromptLabel;
            _status.SetLines([label]);
            if (!_input.Visible)
            {
                _input.X = label.Length;
                _input.Text = _vm.PromptInitialText;
                _input.Visible = true;
                _input.SetFocus();
            }
        }

        // Not before the first layout: the timeline's width comes from the window's.
        if (_loadingDetails is null && Viewport.Width > 0 && _vm.LoadDetails(Math.Max(10, width - 56)) is { } load)
        {
            _loadingDetails = _vm.List.Selected?.Id;
            AfterFirstFrame(() => Run("details", load, () => _loadingDetails = null));
        }

        SetNeedsDraw();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _app.Keyboard.KeyDown -= OnAppKeyDown;
            _app.LayoutAndDrawComplete -= OnDrawn;
            _closing.Cancel();
            _closing.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Runs <paramref name="start"/> now, or, in the real application before the first loaded frame
    /// is drawn, right after it: the rest of the hypotheses and the details pane must not compete
    /// with the first frame for the CPU. (Inline work, as in the tests, runs now.)
    /// </summary>
    private void AfterFirstFrame(Action start)
    {
        if (_background && !_firstFrameDrawn)
        {
            _afterFirstFrame.Add(start);
        }
        else
        {
            start();
        }
    }

    private void OnDrawn(object? sender, EventArgs e)
    {
        if (_firstFrameDrawn || !Loaded)
        {
            return;
        }

        _firstFrameDrawn = true;
        foreach (var start in _afterFirstFrame)
        {
            start();
        }

        _afterFirstFrame.Clear();
    }

    private void OnAppKeyDown(object? sender, Key key)
    {
        if (_vm.Prompt != PromptKind.None)
        {
            if (key == Key.Enter)
            {
                key.Handled = true;
                var text = _input.Text ?? string.Empty;
                _input.Visible = false;
                Start(_vm.SubmitPrompt(text));
            }
            else if (key == Key.Esc)
            {
                key.Handled = true;
                _input.Visible = false;
                _vm.CancelPrompt();
                Render();
            }

            return;
        }

        if (KeyName(key) is not { } name)
        {
            return;
        }

        key.Handled = true;
        Start(_vm.HandleKey(name));
        if (_vm.QuitRequested)
        {
            _closing.Cancel();
            _app.RequestStop();
        }
    }

    private void Start(Func<CancellationToken, Task<Action>>? work)
    {
        Render();
        if (work is not null)
        {
            Run("command", work);
        }
    }

    private void Run(string what, Func<CancellationToken, Task<Action>> work, Action? always = null)
    {
        var token = _closing.Token;
        var task = _background ? Task.Run(() => RunAsync(what, work, always, token), token) : RunAsync(what, work, always, token);
        lock (_pending)
        {
            _pending.Add(task);
        }
    }

    private async Task RunAsync(string what, Func<CancellationToken, Task<Action>> work, Action? always, CancellationToken token)
    {
        Action apply;
        try
        {
            apply = await work(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is TriageException or IOException or InvalidOperationException)
        {
            TuiLog.WorkFailed(_session.Logger, ex, what);
            var message = TerminalText.Sanitize(ex.Message, 200);
            apply = () => _vm.ShowError($"{what} failed: {message}");
        }

        if (!token.IsCancellationRequested)
        {
            _app.Invoke(() =>
            {
                apply();
                always?.Invoke();
                Render();
            });
        }
    }

    private static string? KeyName(Key key)
    {
        if (key.IsCtrl || key.IsAlt)
        {
            return null;
        }

        if (key == Key.CursorUp) { return "Up"; }
        if (key == Key.CursorDown) { return "Down"; }
        if (key == Key.PageUp) { return "PageUp"; }
        if (key == Key.PageDown) { return "PageDown"; }
        if (key == Key.Home) { return "Home"; }
        if (key == Key.End) { return "End"; }
        if (key == Key.Enter) { return "Enter"; }
        if (key == Key.Esc) { return "Esc"; }
        if (key == Key.Backspace) { return "Backspace"; }
        return key.AsRune.Value is > 32 and < 127 ? key.AsRune.ToString() : null;
    }
}
