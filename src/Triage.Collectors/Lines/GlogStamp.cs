namespace Triage.Collectors.Lines;

/// <summary>
/// glog/klog headers <c>E0321 02:07:08.408271 12345 file.cc:123]</c> (severity, month and day, time, thread id)
/// and the c10 variant torch prints inside brackets, <c>[W321 02:07:08.408271257 ProcessGroupNCCL.cpp:1234]</c>,
/// whose month is not zero-padded and which carries no id.
/// </summary>
internal static class GlogStamp
{
    public static bool TryParse(ReadOnlySpan<char> s, int pos, out int month, out int day, out ClockTime time, out int? pid)
    {
        month = 0;
        day = 0;
        time = default;
        pid = null;
        if ((uint)pos >= (uint)s.Length || s[pos] is not ('I' or 'W' or 'E' or 'F'))
        {
            return false;
        }

        var digits = Chars.ReadNumber(s, pos + 1, 4, out var monthDay);
        if (digits < 3 || !Chars.At(s, pos + 1 + digits, ' ')
            || !ClockTime.TryParse(s, pos + 2 + digits, out time, out var p))
        {
            return false;
        }

        month = monthDay / 100;
        day = monthDay % 100;

        // glog pads the thread id with spaces; klog and torchrun write the process id there.
        var idStart = Chars.SkipSpaces(s, p, 8);
        if (idStart > p)
        {
            var idDigits = Chars.ReadNumber(s, idStart, 9, out var id);
            if (idDigits > 0 && Chars.At(s, idStart + idDigits, ' '))
            {
                pid = id;
            }
        }

        return true;
    }
}
