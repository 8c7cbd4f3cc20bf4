namespace Triage.Collectors.Lines;

/// <summary>
/// Turns date and time fields read from a log into a UTC <see cref="DateTimeOffset"/>, returning null
/// (never throwing) for impossible values such as February 30 or hour 25.
/// </summary>
internal static class CivilTime
{
    /// <summary>A stamp may be this far after the reference time and still belong to the reference year.</summary>
    public static readonly TimeSpan YearInferenceSlack = TimeSpan.FromDays(2);

    private const int MaxOffsetMinutes = 18 * 60;

    public static DateTimeOffset? Create(int year, int month, int day, ClockTime time, int offsetMinutes)
    {
        if (!IsValid(year, month, day, time) || Math.Abs(offsetMinutes) > MaxOffsetMinutes)
        {
            return null;
        }

        var ticks = new DateTime(year, month, day, time.Hour, time.Minute, time.Second, DateTimeKind.Unspecified).Ticks
            + time.FractionTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>
    /// Dates without a year (syslog, glog) take the latest year that puts them no more than
    /// <see cref="YearInferenceSlack"/> after the reference time: logs are older than the file's last write,
    /// give or take clock skew. In practice that is the reference year, or the year before when the stamp would
    /// otherwise lie in the future; near New Year a stamp just after the reference keeps the new year.
    /// February 29 goes back to the latest leap year.
    /// </summary>
    public static DateTimeOffset? CreateWithoutYear(DateTimeOffset referenceUtc, int month, int day, ClockTime time)
    {
        // 2000 was a leap year: a date invalid then (February 30, hour 25) is invalid in every year.
        if (!IsValid(2000, month, day, time))
        {
            return null;
        }

        var latest = referenceUtc.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - YearInferenceSlack.Ticks
            ? DateTimeOffset.MaxValue
            : referenceUtc + YearInferenceSlack;
        for (var year = referenceUtc.Year + 1; year >= referenceUtc.Year - 4 && year >= 1; year--)
        {
            if (Create(year, month, day, time, 0) is { } value && value <= latest)
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsValid(int year, int month, int day, ClockTime time) =>
        year is >= 1 and <= 9999
        && month is >= 1 and <= 12
        && day >= 1 && day <= DateTime.DaysInMonth(year, month)
        && time.Hour is >= 0 and <= 23
        && time.Minute is >= 0 and <= 59
        && time.Second is >= 0 and <= 59;
}
