using Microsoft.Extensions.Logging;

namespace Triage.Collectors.Collection;

/// <summary>Source-generated log messages of the collector.</summary>
internal static partial class CollectorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Source {Path} of run {Run}: {Kind}: {Reason}")]
    public static partial void SourceProblem(ILogger logger, string run, string path, string kind, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Source {Path} was rotated from {From}; its checkpoint moved with it")]
    public static partial void Rotated(ILogger logger, string path, string from);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Source {Path} was truncated or replaced; reading it again as {SourceId}")]
    public static partial void Restarted(ILogger logger, string path, string sourceId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Read {Path}: {Bytes} bytes, {Lines} lines, {Symptoms} symptoms")]
    public static partial void SourceRead(ILogger logger, string path, long bytes, long lines, long symptoms);
}
