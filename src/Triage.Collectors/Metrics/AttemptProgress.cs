namespace Triage.Collectors.Metrics;

/// <summary>How far one attempt got: its last step, when that was logged, and its recent pace. Not thread-safe.</summary>
internal sealed class AttemptProgress
{
    private const double PaceAlpha = 0.1;

    /// <summary>The highest step seen.</summary>
    public long LastStep { get; private set; } = long.MinValue;

    /// <summary>The latest time a row of this attempt was logged.</summary>
    public DateTimeOffset? LastTime { get; private set; }

    /// <summary>The earliest time a row of this attempt was logged.</summary>
    public DateTimeOffset? FirstTime { get; private set; }

    /// <summary>Where the earliest-stamped row was logged (a restart fact points there).</summary>
    public MetricAt FirstAt { get; private set; }

    /// <summary>The lowest step seen (where the attempt resumed).</summary>
    public long FirstStep { get; private set; } = long.MaxValue;

    /// <summary>Where the last step was logged (the hang finding points there).</summary>
    public MetricAt LastAt { get; private set; }

    /// <summary>Recent seconds per step (exponentially weighted), or null when unknown.</summary>
    public double? SecondsPerStep { get; private set; }

    /// <summary>Notes a row.</summary>
    public void Observe(long step, DateTimeOffset? time, in MetricAt at)
    {
        if (time is { } t && !(FirstTime is { } f && f <= t))
        {
            FirstTime = t;
            FirstAt = at;
        }

        FirstStep = Math.Min(FirstStep, step);

        if (step <= LastStep)
        {
            return;
        }

        if (time is { } now && LastTime is { } then && LastStep != long.MinValue && now > then)
        {
            var pace = (now - then).TotalSeconds / (step - LastStep);
            SecondsPerStep = SecondsPerStep is { } p ? p + (PaceAlpha * (pace - p)) : pace;
        }

        LastStep = step;
        LastAt = at;
        if (time is not null)
        {
            LastTime = time;
        }
    }
}
