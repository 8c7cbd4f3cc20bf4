using System.Diagnostics;
using System.Globalization;

namespace Triage.Bench.Tui;

/// <summary>
/// Starts the real <c>triage tui</c> as a new process in a 120x40 tmux pane and times it from just
/// before the start to the first frame drawn with the list loaded. The TUI writes
/// <see cref="Triage.Tui.StartupTrace"/> marks (system-wide monotonic clock, CPU time, JIT counts)
/// to the file named by <c>TRIAGE_TUI_TRACE</c>; the pane is captured to check what was drawn.
/// </summary>
internal sealed class ColdStart(string binary, string store, string run) : IDisposable
{
    private readonly string _socket = "triage-bench-tui-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private bool _serverStarted;

    /// <summary>One start: milliseconds from the spawn to each mark, CPU ms and JIT counts at the first frame, and the pane.</summary>
    public Result Measure(string traceFile, TimeSpan timeout)
    {
        if (!_serverStarted)
        {
            // A session that stays, so each measured start is only the tmux client's command, not a server start.
            Tmux("new-session", "-d", "-s", "keep", "-x", "120", "-y", "40");
            _serverStarted = true;
        }

        File.Delete(traceFile);
        var command = $"env TRIAGE_TUI_TRACE='{traceFile}' '{binary}' tui '{run}' --store '{store}' --user bench";
        var spawned = Stopwatch.GetTimestamp();
        Tmux("new-session", "-d", "-s", "tui", "-x", "120", "-y", "40", command);
        var marks = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (!marks.ContainsKey("first-frame") && deadline.Elapsed < timeout)
        {
            Thread.Sleep(5);
            marks = ReadMarks(traceFile);
        }

        var screen = Tmux("capture-pane", "-p", "-t", "tui");
        Tmux("kill-session", "-t", "tui");
        if (!marks.TryGetValue("first-frame", out var frame))
        {
            throw new InvalidOperationException($"no first frame within {timeout.TotalSeconds:0} s; the pane shows:\n{screen}");
        }

        double Ms(string[] mark) => Stopwatch.GetElapsedTime(spawned, long.Parse(mark[0], CultureInfo.InvariantCulture)).TotalMilliseconds;
        return new Result(
            Ms(frame),
            double.Parse(frame[1], CultureInfo.InvariantCulture),
            int.Parse(frame[2], CultureInfo.InvariantCulture),
            marks.Where(m => m.Key != "first-frame").OrderBy(m => Ms(m.Value)).Select(m => (m.Key, Ms(m.Value))).ToList(),
            screen);
    }

    public void Dispose()
    {
        if (_serverStarted)
        {
            Tmux("kill-server");
        }
    }

    private static Dictionary<string, string[]> ReadMarks(string traceFile)
    {
        var marks = new Dictionary<string, string[]>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadAllLines(traceFile))
            {
                var parts = line.Split(' ');
                if (parts.Length >= 5)
                {
                    marks[parts[0]] = parts[1..];
                }
            }
        }
        catch (FileNotFoundException)
        {
        }

        return marks;
    }

    private string Tmux(params string[] args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("tmux not found: apt-get install tmux");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    /// <summary>What one cold start measured.</summary>
    /// <param name="FirstFrameMs">Spawn to the first frame with the list loaded (wall clock).</param>
    /// <param name="CpuMs">CPU time the process had used by then (all threads).</param>
    /// <param name="Jitted">Methods the JIT had compiled by then.</param>
    /// <param name="Phases">The other marks: spawn to each, in order.</param>
    /// <param name="Screen">The pane right after the first frame.</param>
    public sealed record Result(double FirstFrameMs, double CpuMs, int Jitted, IReadOnlyList<(string Phase, double Ms)> Phases, string Screen);
}
