using Microsoft.Extensions.Logging;

namespace Triage.Tui;

/// <summary>The TUI's log messages (to a file; the terminal belongs to the screen).</summary>
internal static partial class TuiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "TUI started on run {Run} as {User}")]
    public static partial void Started(ILogger logger, string run, string user);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Background work {Work} failed")]
    public static partial void WorkFailed(ILogger logger, Exception exception, string work);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "First frame drawn after {Milliseconds} ms")]
    public static partial void FirstFrame(ILogger logger, double milliseconds);
}
