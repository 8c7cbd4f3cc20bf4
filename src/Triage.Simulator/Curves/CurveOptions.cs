namespace Triage.Simulator.Curves;

/// <summary>What <see cref="CurveSimulator"/> writes. Immutable.</summary>
public sealed record CurveOptions
{
    /// <summary>Seed: the same options give the same bytes. Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Steps, one row each. Default 100,000.</summary>
    public long Steps { get; init; } = 100_000;

    /// <summary>Spikes injected (spread over the curve after the first <see cref="QuietSteps"/>, loss and grad norm alternately). Default 0.</summary>
    public int Spikes { get; init; }

    /// <summary>Smallest spike, in σ of the local noise. Default 5.</summary>
    public double MinSigma { get; init; } = 5;

    /// <summary>Largest spike, in σ of the local noise. Default 20.</summary>
    public double MaxSigma { get; init; } = 20;

    /// <summary>Shortest decay time constant of a spike, in steps (0 = a one-step spike). Default 3.</summary>
    public double MinDecaySteps { get; init; } = 3;

    /// <summary>Longest decay time constant, in steps. Default 20.</summary>
    public double MaxDecaySteps { get; init; } = 20;

    /// <summary>Steps at the start without spikes (warm-up, while a detector learns the curve). Default 300.</summary>
    public long QuietSteps { get; init; } = 300;

    /// <summary>The rank written in every row (-1: none, a global file). Default -1.</summary>
    public int Rank { get; init; } = -1;
}
