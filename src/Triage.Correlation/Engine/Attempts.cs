namespace Triage.Correlation.Engine;

/// <summary>
/// Which restart attempt a line belongs to, for the linker: a failure never explains a line of a
/// later attempt, whose processes it did not share. Attempts are known by their start times
/// (run.yaml or the logs) and, for a line without a stamp of its own, by its process block.
/// </summary>
internal static class Attempts
{
    /// <summary>How far around a restart's start times are trusted to say which attempt a line belongs to.</summary>
    public static readonly TimeSpan RestartTolerance = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether observations <paramref name="a"/> (at <paramref name="ta"/>) and <paramref name="b"/>
    /// (at <paramref name="tb"/>) belong to different attempts. A line without a stamp of its own
    /// whose process block places it in an attempt is known to be in that attempt exactly, where a
    /// time near a restart (an attempt's start it took, or a time inherited from an earlier line) is not.
    /// </summary>
    internal static bool Across(IReadOnlyList<DateTimeOffset> restarts, Observation a, DateTimeOffset ta, Observation b, DateTimeOffset tb)
    {
        if (a.BlockAttempt is { } x && b.BlockAttempt is { } y)
        {
            return x != y;
        }

        return OutsideAttempt(restarts, a.BlockAttempt, tb) || OutsideAttempt(restarts, b.BlockAttempt, ta) || AcrossRestart(restarts, ta, tb);
    }

    /// <summary>Whether <paramref name="t"/> lies clearly outside attempt <paramref name="attempt"/> (0-based; null: unknown).</summary>
    private static bool OutsideAttempt(IReadOnlyList<DateTimeOffset> restarts, int? attempt, DateTimeOffset t) =>
        attempt is { } k
        && ((k >= 1 && k - 1 < restarts.Count && t < restarts[k - 1] - RestartTolerance)
            || (k < restarts.Count && t >= restarts[k] + RestartTolerance));

    /// <summary>True when a restart lies clearly between the two times (beyond <see cref="RestartTolerance"/> on both sides).</summary>
    internal static bool AcrossRestart(IReadOnlyList<DateTimeOffset> restarts, DateTimeOffset a, DateTimeOffset b)
    {
        var (early, late) = a <= b ? (a, b) : (b, a);
        foreach (var start in restarts)
        {
            if (early < start - RestartTolerance && late >= start + RestartTolerance)
            {
                return true;
            }
        }

        return false;
    }
}
