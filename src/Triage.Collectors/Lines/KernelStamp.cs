namespace Triage.Collectors.Lines;

/// <summary>
/// Kernel ring buffer stamps: <c>[12345.678901] </c> (seconds since boot, kept as uptime) and
/// <c>dmesg -T</c>'s <c>[Thu Mar 21 02:07:08 2024] </c> (local time as written, taken as UTC).
/// </summary>
internal static class KernelStamp
{
    private const int MaxPadding = 12;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        if (!Chars.At(s, pos, '['))
        {
            return false;
        }

        if (TryUptime(s, pos + 1, out var uptime, out var end))
        {
            facts.SetUptime(uptime);
        }
        else if (TryWallClock(s, pos + 1, out var stamp, out end))
        {
            facts.SetTimestamp(stamp);
        }
        else
        {
            return false;
        }

        next = Chars.At(s, end, ' ') ? end + 1 : end;
        return true;
    }

    private static bool TryUptime(ReadOnlySpan<char> s, int pos, out double seconds, out int end)
    {
        seconds = 0;
        end = pos;
        var p = Chars.SkipSpaces(s, pos, MaxPadding);
        var whole = Chars.ReadNumber(s, p, 9, out var wholeValue);
        p += whole;
        if (whole == 0 || !Chars.At(s, p, '.'))
        {
            return false;
        }

        var fraction = Chars.ReadNumber(s, p + 1, 9, out var fractionValue);
        p += 1 + fraction;
        if (fraction == 0 || !Chars.At(s, p, ']'))
        {
            return false;
        }

        seconds = wholeValue + (fractionValue / Math.Pow(10, fraction));
        end = p + 1;
        return true;
    }

    private static bool TryWallClock(ReadOnlySpan<char> s, int pos, out DateTimeOffset? stamp, out int end)
    {
        stamp = null;
        end = pos;
        if (!SyslogStamp.IsWeekday(s, pos) || !Chars.At(s, pos + 3, ' ')
            || !SyslogStamp.TryParse(s, pos + 4, out var month, out var day, out var time, out var p)
            || !Chars.At(s, p, ' ') || !Chars.TryReadFixed(s, p + 1, 4, out var year) || !Chars.At(s, p + 5, ']'))
        {
            return false;
        }

        stamp = CivilTime.Create(year, month, day, time, 0);
        end = p + 6;
        return true;
    }
}
