using System.Diagnostics;

namespace Triage.Tui.Tests.Support;

/// <summary>Drives a real tmux session: start a command in a sized pane, send keys, read the pane.</summary>
internal sealed class Tmux : IDisposable
{
    private Tmux(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public static Tmux Start(string command, int width, int height)
    {
        var tmux = new Tmux("triage-smoke-" + Guid.NewGuid().ToString("N")[..8]);
        Run("new-session", "-d", "-s", tmux.Name, "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), command);
        return tmux;
    }

    public void SendKeys(params string[] keys) => Run(["send-keys", "-t", Name, .. keys]);

    public string Capture() => Run("capture-pane", "-p", "-t", Name);

    /// <summary>Polls the pane until <paramref name="done"/> holds; fails with the last capture after <paramref name="timeout"/>.</summary>
    public string WaitFor(Func<string, bool> done, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        var screen = string.Empty;
        while (watch.Elapsed < timeout)
        {
            screen = Capture();
            if (done(screen))
            {
                return screen;
            }

            Thread.Sleep(200);
        }

        Assert.Fail($"tmux: no {what} after {timeout.TotalSeconds:0} s; the pane shows:\n{screen}");
        return screen;
    }

    public void Dispose()
    {
        try
        {
            Run("kill-session", "-t", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone: the command exited and tmux closed the session.
        }
    }

    private static string Run(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start tmux");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', args)}: exit {process.ExitCode}: {error}");
    }
}
