using System.Diagnostics;
using Terminal.Gui.App;
using Triage.Tui.ViewModels;
using Triage.Tui.Views;

namespace Triage.Tui;

/// <summary>
/// Runs the terminal UI on the process's terminal until the engineer quits (<c>q</c>). Blocks the
/// calling thread while the UI runs; store work runs on background threads.
/// </summary>
public static class TriageTui
{
    /// <summary>Shows <paramref name="session"/>'s run until <c>q</c> or cancellation.</summary>
    /// <exception cref="InvalidOperationException">Terminal.Gui cannot start (no terminal).</exception>
    public static void Run(TuiSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        TuiLog.Started(session.Logger, session.Run, session.User);
        var watch = Stopwatch.StartNew();
        using var app = Application.Create();
        app.Init();
        using var window = new TriageWindow(app, new TuiViewModel(session), session, background: true);
        var firstFrame = true;
        app.LayoutAndDrawComplete += (_, _) =>
        {
            if (firstFrame && window.Loaded)
            {
                firstFrame = false;
                TuiLog.FirstFrame(session.Logger, watch.Elapsed.TotalMilliseconds);
            }
        };
        using var registration = cancellationToken.Register(() => app.Invoke(() => app.RequestStop()));
        window.Start();
        app.Run(window);
    }
}
