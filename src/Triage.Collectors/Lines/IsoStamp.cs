namespace Triage.Collectors.Lines;

/// <summary>
/// ISO-8601-like stamps: <c>2024-03-21T02:07:08.123456+00:00</c> (rsyslog, RFC 5424), <c>+0000</c>
/// (journalctl short-iso), <c>Z</c>, and Python logging's <c>2024-03-21 02:07:08,123</c>. No offset means UTC.
/// </summary>
internal static class IsoStamp
{
    /// <summary>
    /// Returns true when the shape matches at <paramref name="pos"/> of <paramref name="s"/>, with
    /// <paramref name="end"/> just after the stamp; <paramref name="value"/> is null when the fields are not a
    /// real date. <paramref name="requireT"/> accepts only the <c>T</c> separator (syslog headers), not a space.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, int pos, bool requireT, out DateTimeOffset? value, out int end)
    {
        value = null;
        end = pos;
        if (!Chars.TryReadFixed(s, pos, 4, out var year) || !Chars.At(s, pos + 4, '-')
            || !Chars.TryReadFixed(s, pos + 5, 2, out var month) || !Chars.At(s, pos + 7, '-')
            || !Chars.TryReadFixed(s, pos + 8, 2, out var day))
        {
            return false;
        }

        var separatorOk = Chars.At(s, pos + 10, 'T') || (!requireT && Chars.At(s, pos + 10, ' '));
        if (!separatorOk || !ClockTime.TryParse(s, pos + 11, out var time, out var p))
        {
            return false;
        }

        var offsetMinutes = ReadOffset(s, ref p);
        value = CivilTime.Create(year, month, day, time, offsetMinutes);
        end = p;
        return true;
    }

    private static int ReadOffset(ReadOnlySpan<char> s, ref int p)
    {
        if (Chars.At(s, p, 'Z'))
        {
            p++;
            return 0;
        }

        if (!Chars.At(s, p, '+') && !Chars.At(s, p, '-'))
        {
            return 0;
        }

        var sign = s[p] == '-' ? -1 : 1;
        if (!Chars.TryReadFixed(s, p + 1, 2, out var hours))
        {
            return 0;
        }

        var minutesAt = Chars.At(s, p + 3, ':') ? p + 4 : p + 3;
        if (!Chars.TryReadFixed(s, minutesAt, 2, out var minutes) || minutes > 59)
        {
            return 0;
        }

        p = minutesAt + 2;
        return sign * ((hours * 60) + minutes);
    }
}
