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

/// <summary>What a curve marker marks.</summary>
public enum MarkerKind
{
    /// <summary>A loss or grad-norm spike.</summary>
    Spike,

    /// <summary>A NaN or infinite value.</summary>
    NaN,

    /// <summary>A first failure (a crash of some rank).</summary>
    Crash,

    /// <summary>An attempt's start after the first.</summary>
    Restart,

    /// <summary>Steps stopped while the processes went on (a hang).</summary>
    Hang,
}

/// <summary>An event drawn on the training curve.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What.</param>
/// <param name="Label">A short label (kind, host).</param>
public sealed record CurveMarker(DateTimeOffset At, MarkerKind Kind, string Label);

/// <summary>Swim lanes: one per host, first failures as points, symptom counts per time bucket as shading.</summary>
/// <param name="Hosts">Lanes, top to bottom (hosts with first failures first, then the busiest; bounded).</param>
/// <param name="Failures">First failures: host, time, kind.</param>
/// <param name="Density">Symptoms per (host, bucket start).</param>
/// <param name="BucketSeconds">Width of a density bucket.</param>
public sealed record HostLanes(IReadOnlyList<string> Hosts, IReadOnlyList<(string Host, DateTimeOffset At, string Kind)> Failures, IReadOnlyList<(string Host, DateTimeOffset At, long Count)> Density, int BucketSeconds);
