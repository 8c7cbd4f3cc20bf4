namespace Triage.Reports.Model;

/// <summary>An event drawn on the training curve.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What.</param>
/// <param name="Label">A short label (kind, host).</param>
public sealed record CurveMarker(DateTimeOffset At, MarkerKind Kind, string Label);
