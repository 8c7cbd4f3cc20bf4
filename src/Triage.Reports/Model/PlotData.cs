using Triage.Hypotheses;
using Triage.Runs;

namespace Triage.Reports.Model;

/// <summary>What the plots draw.</summary>
/// <param name="Curve">Loss and grad-norm points.</param>
/// <param name="Markers">Events on the curve: spikes, NaNs, first failures (crashes), restarts.</param>
/// <param name="Lanes">First failures per host over time, with the symptom density behind them.</param>
/// <param name="Contrast">The lead hypothesis's factor contrast (or the best-ranked one that has one), or null.</param>
/// <param name="ContrastHypothesisId">The hypothesis <paramref name="Contrast"/> belongs to.</param>
public sealed record PlotData(TrainingCurve Curve, IReadOnlyList<CurveMarker> Markers, HostLanes Lanes, FactorContrast? Contrast, string? ContrastHypothesisId);
