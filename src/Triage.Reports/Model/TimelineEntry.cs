namespace Triage.Reports.Model;

/// <summary>One line of the timeline.</summary>
/// <param name="At">When; null for an entry without a time (kept at the end).</param>
/// <param name="Kind">What it records.</param>
/// <param name="Text">What happened, in a sentence (may quote log text: renderers escape it).</param>
/// <param name="Who">The engineer, for votes, decisions and notes; the host (and rank) for failures.</param>
/// <param name="Where">Where to read it (<c>path:line</c>), for failures.</param>
/// <param name="HypothesisId">The hypothesis it concerns, if any.</param>
public sealed record TimelineEntry(DateTimeOffset? At, TimelineKind Kind, string Text, string? Who = null, string? Where = null, string? HypothesisId = null);
