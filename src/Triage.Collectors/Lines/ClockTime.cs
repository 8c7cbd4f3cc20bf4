namespace Triage.Collectors.Lines;

/// <summary>A time of day as written (<c>hh:mm:ss</c> with an optional fraction), not yet validated.</summary>
internal readonly record struct ClockTime(int Hour, int Minute, int Second, long FractionTicks)
{
    // Nanosecond stamps (torch prints 9 digits) are longer than a tick; the extra digits are read and dropped.
    private const int MaxFractionDigits = 12;

    /// <summary>
    /// Parses <c>hh:mm:ss</c> followed by an optional <c>.fff</c> or <c>,fff</c> (Python logging) fraction.
    /// Out-of-range values (hour 25) still parse here; <see cref="CivilTime"/> rejects them.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, int pos, out ClockTime time, out int end)
    {
        time = default;
        end = pos;
        if (!Chars.TryReadFixed(s, pos, 2, out var hour) || !Chars.At(s, pos + 2, ':')
            || !Chars.TryReadFixed(s, pos + 3, 2, out var minute) || !Chars.At(s, pos + 5, ':')
            || !Chars.TryReadFixed(s, pos + 6, 2, out var second))
        {
            return false;
        }

        var p = pos + 8;
        long ticks = 0;
        if ((Chars.At(s, p, '.') || Chars.At(s, p, ',')) && Chars.DigitAt(s, p + 1))
        {
            p++;
            var digits = 0;
            while (Chars.DigitAt(s, p) && digits < MaxFractionDigits)
            {
                if (digits < 7)
                {
                    ticks = (ticks * 10) + (s[p] - '0');
                }

                digits++;
                p++;
            }

            for (var i = digits; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        time = new ClockTime(hour, minute, second, ticks);
        end = p;
        return true;
    }
}
