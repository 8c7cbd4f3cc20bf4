using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Triage.Tui;

/// <summary>
/// A minimal logger that appends one line per entry to a file, so the TUI never writes to the
/// terminal it draws on. Thread-safe (one lock per instance). Logging never throws: an entry that
/// cannot be written is dropped.
/// </summary>
public sealed class FileLogger : ILogger, IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly LogLevel _minimum;
    private StreamWriter? _writer;

    /// <summary>Opens (appends to) <paramref name="path"/>; creates its directory. Without a usable file the logger drops entries.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="time">Clock for the timestamps.</param>
    /// <param name="minimum">The lowest level written. Default: information.</param>
    public FileLogger(string path, TimeProvider time, LogLevel minimum = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _minimum = minimum;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _writer = null;
        }
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= _minimum && logLevel != LogLevel.None && _writer is not null;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {logLevel} {formatter(state, exception)}{(exception is null ? string.Empty : " | " + exception)}");
        lock (_gate)
        {
            try
            {
                _writer?.WriteLine(line);
            }
            catch (IOException)
            {
                // A full disk must not take the screen down with it.
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
