using Triage.Collectors.Lines;

namespace Triage.Collectors.Extraction;

/// <summary>What the extractor knew about a line when it fed it to the rules; handed back with matches.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Offset">Byte offset of the line.</param>
/// <param name="Info">Who and when, from the line's prefixes.</param>
/// <param name="Timestamp">The line's own time, or the nearest earlier line's.</param>
/// <param name="TimeInferred">True when <paramref name="Timestamp"/> came from an earlier line.</param>
/// <param name="Truncated">True when the line was longer than the limit and was cut.</param>
internal sealed record LineContext(long Line, long Offset, LineInfo Info, DateTimeOffset? Timestamp, bool TimeInferred, bool Truncated);
