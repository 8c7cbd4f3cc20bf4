namespace Triage.Reports.Model;

/// <summary>One raw line (the first line of a symptom's message, as read) with <c>path:line</c>.</summary>
/// <param name="Path">File, relative to the run directory.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Host">Host, if known.</param>
/// <param name="Rank">Rank, if known.</param>
/// <param name="At">Time, if known.</param>
/// <param name="Text">The line as read (untrusted).</param>
public sealed record RawLine(string Path, long Line, string? Host, int? Rank, DateTimeOffset? At, string Text)
{
    /// <summary><c>path:line</c>.</summary>
    public string Where => $"{Path}:{Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
