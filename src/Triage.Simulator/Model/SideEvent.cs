namespace Triage.Simulator.Model;

/// <summary>
/// Something that happens without ending the attempt: a NaN or loss-spike step, a short link
/// flap, or noise (harmless Xid 13, corrected memory errors, an uploader traceback, ...).
/// </summary>
internal sealed record SideEvent(SideKind Kind, DateTimeOffset Time, Label Label)
{
    public int Host { get; init; } = -1;

    public int Rank { get; init; } = -1;

    public long Step { get; init; } = -1;

    public string? Switch { get; init; }

    public double Seconds { get; init; }

    public int Variant { get; init; }
}
