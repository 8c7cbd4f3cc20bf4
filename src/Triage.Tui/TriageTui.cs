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
        StartupTrace.Mark("tui-run");

        // The first page is read while Terminal.Gui starts (two cores do both at once); it is
        // applied on the UI thread like any other load.
        var vm = new TuiViewModel(session);
        var firstLoad = Task.Run(() => vm.Refresh(TriageWindow.FirstPage)(cancellationToken), cancellationToken);
        RunApplication(session, vm, firstLoad, cancellationToken);
    }

    // Apart from Run so that the first read starts before Terminal.Gui's types load.
    private static void RunApplication(TuiSession session, TuiViewModel vm, Task<Action> firstLoad, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        StartupTrace.Mark("app-create");
        using var app = Application.Create();
        app.Init();
        StartupTrace.Mark("app-init");
        using var window = new TriageWindow(app, vm, session, background: true);
        var firstFrame = true;
        app.LayoutAndDrawComplete += (_, _) =>
        {
            if (firstFrame && window.Loaded)
            {
                firstFrame = false;
                StartupTrace.Mark("first-frame");

                // Logged after the frame: the first log line costs formatting code a fresh process has not run yet.
                TuiLog.Started(session.Logger, session.Run, session.User);
                TuiLog.FirstFrame(session.Logger, watch.Elapsed.TotalMilliseconds);
            }
        };
        using var registration = cancellationToken.Register(() => app.Invoke(() => app.RequestStop()));
        window.Start(firstLoad);
        app.Run(window);
    }
}
