namespace Triage.Simulator.Model;

/// <summary>
/// One (re)start of the job: an srun step. Training resumes from the last checkpoint at
/// <see cref="ResumeStep"/> and runs one step per <see cref="StepSeconds"/> from <see cref="FirstStep"/>
/// until <see cref="End"/> (its crash, a requeue, or the end of the simulated window).
/// </summary>
internal sealed class Attempt
{
    public required int Index { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset FirstStep { get; init; }

    public required long ResumeStep { get; init; }

    public required double StepSeconds { get; init; }

    public required Versions Versions { get; init; }

    public DateTimeOffset End { get; set; }

    public Crash? Crash { get; set; }

    /// <summary>The job was cancelled and requeued (no failure) at <see cref="End"/>.</summary>
    public bool Requeued { get; set; }

    /// <summary>SeqNum of the default process group's first collective in this attempt.</summary>
    public long SeqBase { get; init; }

    /// <summary>Collectives per step on the default group.</summary>
    public const int CollectivesPerStep = 6;

    /// <summary>Last step started before <see cref="End"/> (exclusive upper bound).</summary>
    public long EndStep => StepAt(End) + 1;

    public long StepAt(DateTimeOffset t) =>
        t < FirstStep ? ResumeStep - 1 : ResumeStep + (long)Math.Floor((t - FirstStep).TotalSeconds / StepSeconds);

    public DateTimeOffset StepStart(long step) => FirstStep.AddSeconds((step - ResumeStep) * StepSeconds);

    public long SeqAt(DateTimeOffset t) => SeqBase + (Math.Max(0, StepAt(t) - ResumeStep) * CollectivesPerStep) + 3;

    public bool Contains(DateTimeOffset t) => t >= Start && t < End;
}
