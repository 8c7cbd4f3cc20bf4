using System.Diagnostics;
using System.Globalization;

namespace Triage.Tui;

/// <summary>
/// Start-up timestamps for the first-frame benchmark: when <c>TRIAGE_TUI_TRACE</c> names a file,
/// each <see cref="Mark"/> appends <c>PHASE TICKS CPU_MS JITTED_METHODS JIT_MS</c> to it, where TICKS is
/// <see cref="Stopwatch.GetTimestamp"/> (the system-wide monotonic clock on Linux, so another
/// process can subtract the moment it started this one) CPU_MS the CPU time the process has used so far, then how many methods the JIT compiled and how long it took. Without the variable it does nothing.
/// Never writes to the terminal.
/// </summary>
public static class StartupTrace
{
    private static readonly string? Path = Environment.GetEnvironmentVariable("TRIAGE_TUI_TRACE");
    private static readonly Lock Gate = new();

    /// <summary>Whether marks are written.</summary>
    public static bool Enabled => Path is not null;

    /// <summary>Records that <paramref name="phase"/> was reached now (no-op unless <c>TRIAGE_TUI_TRACE</c> is set).</summary>
    public static void Mark(string phase)
    {
        if (Path is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var line = string.Create(CultureInfo.InvariantCulture, $"{phase} {now} {Environment.CpuUsage.TotalTime.TotalMilliseconds:0} {System.Runtime.JitInfo.GetCompiledMethodCount()} {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0}\n");
        lock (Gate)
        {
            try
            {
                File.AppendAllText(Path, line);
            }
            catch (IOException)
            {
                // Tracing must never take the screen down.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
