using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using Triage.Tui.ViewModels;
using Triage.Tui.Views;

namespace Triage.Tui.Tests.Support;

/// <summary>
/// The real window on Terminal.Gui's own ANSI driver in memory, with virtual time: keys go in
/// through the input injector, the screen comes out of the driver's contents. Store work runs
/// inline so each key's effect is on screen when <see cref="Key"/> returns.
/// </summary>
internal sealed class Headless : IDisposable
{
    private readonly IApplication _app;
    private readonly SessionToken _token;

    public Headless(TuiSession session, int width, int height)
    {
        Time = new VirtualTimeProvider();
        _app = Application.Create(Time);
        _app.Init("ansi");
        _app.Driver!.SetScreenSize(width, height);
        ViewModel = new TuiViewModel(session);
        Window = new TriageWindow(_app, ViewModel, session, background: false);
        _token = _app.Begin(Window)!;
        Window.Start();
        Draw();
    }

    public VirtualTimeProvider Time { get; }

    public TuiViewModel ViewModel { get; }

    public TriageWindow Window { get; }

    /// <summary>The screen as text, trailing spaces trimmed.</summary>
    public string Screen
    {
        get
        {
            Draw();
            var lines = _app.Driver!.ToString()!.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
            return string.Join('\n', lines).TrimEnd('\n') + "\n";
        }
    }

    public Headless Key(Key key)
    {
        _app.InjectKey(key);
        Pump();
        return this;
    }

    public Headless Keys(params Key[] keys)
    {
        foreach (var key in keys)
        {
            Key(key);
        }

        return this;
    }

    public Headless Type(string text)
    {
        foreach (var c in text)
        {
            Key(new Key(c));
        }

        return this;
    }

    public void Resize(int width, int height)
    {
        _app.Driver!.SetScreenSize(width, height);
        Draw();
    }

    public void Dispose()
    {
        _app.End(_token);
        Window.Dispose();
        _app.Dispose();
    }

    /// <summary>Runs due timers and queued invokes until the window's background work is done (as the main loop would).</summary>
    private void Pump()
    {
        for (var i = 0; i < 3; i++)
        {
            _app.TimedEvents!.RunTimers();
            var idle = Window.WhenIdleAsync();
            Assert.True(SpinWait.SpinUntil(() => idle.IsCompleted, TimeSpan.FromSeconds(10)), "background work did not finish");
        }
    }

    private void Draw()
    {
        Pump();
        Window.Render();
        _app.LayoutAndDraw(true);
    }
}
