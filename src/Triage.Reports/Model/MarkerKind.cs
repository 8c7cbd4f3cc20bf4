namespace Triage.Reports.Model;

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
