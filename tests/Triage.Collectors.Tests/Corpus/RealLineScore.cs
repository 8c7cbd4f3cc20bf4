using System.Globalization;

namespace Triage.Collectors.Tests.Corpus;

/// <summary>
/// What extraction made of a corpus part. Recall: labeled lines whose expected kind was produced
/// (any severity). Precision: warning-or-worse symptoms that match their line's label, over all
/// warning-or-worse symptoms on labeled and benign lines (a <c>log.unknown</c> counts like any
/// other). Benign false alarms: benign lines given a warning-or-worse symptom.
/// </summary>
internal sealed record RealLineScore(
    int Lines, int Labeled, int Benign, int Recalled, int Flagged, int FlaggedRight, int BenignFlagged,
    IReadOnlyList<string> Misses, IReadOnlyList<string> Wrong)
{
    public double Recall => Labeled == 0 ? 1 : (double)Recalled / Labeled;

    public double Precision => Flagged == 0 ? 1 : (double)FlaggedRight / Flagged;

    /// <summary>The score of two disjoint sets of lines together.</summary>
    public RealLineScore Plus(RealLineScore other) => new(
        Lines + other.Lines, Labeled + other.Labeled, Benign + other.Benign, Recalled + other.Recalled, Flagged + other.Flagged,
        FlaggedRight + other.FlaggedRight, BenignFlagged + other.BenignFlagged, [.. Misses, .. other.Misses], [.. Wrong, .. other.Wrong]);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Lines} lines ({Labeled} labeled, {Benign} benign): recall {Recall:0.000} ({Recalled}/{Labeled}), precision {Precision:0.000} ({FlaggedRight}/{Flagged}), benign flagged {BenignFlagged}/{Benign}");
}
