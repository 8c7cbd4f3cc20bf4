using System.Globalization;
using Microsoft.Extensions.Logging;
using Triage.Text;

namespace Triage.Cli.Output;

/// <summary>
/// Writes log events to a text writer (stderr), one line each:
/// <c>2026-05-02T03:14:07Z warn  AlertDispatcher: message</c>, the message sanitised for a terminal.
/// Lines are written under a lock, so events of several threads never interleave.
/// </summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer, TimeProvider time, LogLevel minimum) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{time.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} {Level(level),-5} {category}: {TerminalText.Sanitize(message, 2000)}");
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "crit",
    };

    private sealed class Logger(TextWriterLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception));
            }
        }

    }

    private LogLevel Minimum => minimum;
}
