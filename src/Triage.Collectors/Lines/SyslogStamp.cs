namespace Triage.Collectors.Lines;

/// <summary>
/// RFC 3164 stamps without a year, <c>Mar 21 02:07:08</c> or <c>Aug  5 03:54:13</c>, optionally with
/// microseconds (<c>journalctl -o short-precise</c>), and the month and weekday names they share with
/// <c>dmesg -T</c>.
/// </summary>
internal static class SyslogStamp
{
    public static bool TryParse(ReadOnlySpan<char> s, int pos, out int month, out int day, out ClockTime time, out int end)
    {
        day = 0;
        time = default;
        end = pos;
        if (!TryReadMonth(s, pos, out month) || !Chars.At(s, pos + 3, ' ')
            || !TryReadDay(s, pos + 4, out day, out var p) || !Chars.At(s, p, ' ')
            || !ClockTime.TryParse(s, p + 1, out time, out end))
        {
            return false;
        }

        return true;
    }

    /// <summary>Day of month, one or two digits, or a space and one digit (syslog pads with a space).</summary>
    public static bool TryReadDay(ReadOnlySpan<char> s, int pos, out int day, out int end)
    {
        var p = Chars.At(s, pos, ' ') ? pos + 1 : pos;
        var digits = Chars.ReadNumber(s, p, 2, out day);
        end = p + digits;
        return digits > 0 && !(p > pos && digits == 2);
    }

    public static bool TryReadMonth(ReadOnlySpan<char> s, int pos, out int month)
    {
        month = (uint)(pos + 3) <= (uint)s.Length ? s.Slice(pos, 3) switch
        {
            "Jan" => 1,
            "Feb" => 2,
            "Mar" => 3,
            "Apr" => 4,
            "May" => 5,
            "Jun" => 6,
            "Jul" => 7,
            "Aug" => 8,
            "Sep" => 9,
            "Oct" => 10,
            "Nov" => 11,
            "Dec" => 12,
            _ => 0,
        } : 0;
        return month != 0;
    }

    public static bool IsWeekday(ReadOnlySpan<char> s, int pos) =>
        (uint)(pos + 3) <= (uint)s.Length && s.Slice(pos, 3) is "Mon" or "Tue" or "Wed" or "Thu" or "Fri" or "Sat" or "Sun";
}
