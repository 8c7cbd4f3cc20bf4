namespace Triage.Collectors.Lines;

/// <summary>
/// Syslog and journal headers: a stamp, the host and the tag.
/// <list type="bullet">
/// <item>RFC 3164 and <c>journalctl</c> short/short-precise: <c>Mar 21 02:07:08[.123456] node-017 kernel: </c>, also with
/// BusyBox's <c>facility.level</c> before the tag (<c>Sep 13 14:34:10 ccgx user.warn kernel: </c>), whose level is kept</item>
/// <item>rsyslog high precision, <c>journalctl -o short-iso</c>: <c>2024-03-21T02:07:08.123456+00:00 node-017 tag[pid]: </c></item>
/// <item>RFC 5424 as rsyslog writes it: <c>[&lt;PRI&gt;1 ]2024-...+02:00 node-017 kernel - - - </c></item>
/// </list>
/// </summary>
internal static class SyslogHeader
{
    private const int MaxHostLength = 253;
    private const int MaxTagLength = 64;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, DateTimeOffset referenceUtc, ref LineFacts facts, out int next)
    {
        next = pos;
        var p = SkipPriority(s, pos);
        DateTimeOffset? stamp;
        if (IsoStamp.TryParse(s, p, requireT: true, out stamp, out var end))
        {
            p = end;
        }
        else if (SyslogStamp.TryParse(s, p, out var month, out var day, out var time, out end))
        {
            stamp = CivilTime.CreateWithoutYear(referenceUtc, month, day, time);
            p = end;
        }
        else
        {
            return false;
        }

        if (!Chars.At(s, p, ' '))
        {
            return false;
        }

        var hostStart = ++p;
        while (p < s.Length && p - hostStart < MaxHostLength && Chars.IsHostChar(s[p]))
        {
            p++;
        }

        var hostLength = p - hostStart;
        if (hostLength == 0 || !Chars.At(s, p, ' ') || IsLevelWord(s.Slice(hostStart, hostLength)))
        {
            return false;
        }

        p++;
        var level = FacilityLevel(s, ref p);
        var tagStart = p;
        while (p < s.Length && p - tagStart < MaxTagLength && IsTagChar(s[p]))
        {
            p++;
        }

        var tagLength = p - tagStart;
        int? pid = null;
        if (tagLength == 0 || !TryReadPid(s, ref p, ref pid) || !TryEndTag(s, ref p, ref pid))
        {
            return false;
        }

        facts.SetTimestamp(stamp);
        if (level != LineLevel.None)
        {
            facts.SetLevel(level);
        }

        facts.SetHost(hostStart, hostLength);
        facts.SetTag(tagStart, tagLength);
        facts.SetStreamPid(pid);
        next = p;
        return true;
    }

    // BusyBox syslogd (-S off) writes "facility.level" between the host and the tag: "ccgx user.warn kernel: ".
    private static LineLevel FacilityLevel(ReadOnlySpan<char> s, ref int p)
    {
        var dot = s[p..Math.Min(s.Length, p + 10)].IndexOf('.');
        if (dot <= 0 || !DmesgLevelPrefix.IsFacility(s.Slice(p, dot)))
        {
            return LineLevel.None;
        }

        var levelStart = p + dot + 1;
        var end = levelStart;
        while (end < s.Length && end - levelStart < 7 && char.IsAsciiLetterLower(s[end]))
        {
            end++;
        }

        var word = s[levelStart..end];
        var level = DmesgLevelPrefix.LevelOf(word is "warning" ? "warn".AsSpan() : word);
        if (level == LineLevel.None || !Chars.At(s, end, ' '))
        {
            return LineLevel.None;
        }

        p = end + 1;
        return level;
    }

    // "<12>" and the RFC 5424 version "1 " of forwarded messages.
    private static int SkipPriority(ReadOnlySpan<char> s, int pos)
    {
        if (!Chars.At(s, pos, '<'))
        {
            return pos;
        }

        var digits = Chars.ReadNumber(s, pos + 1, 3, out _);
        if (digits == 0 || !Chars.At(s, pos + 1 + digits, '>'))
        {
            return pos;
        }

        var p = pos + 2 + digits;
        return Chars.At(s, p, '1') && Chars.At(s, p + 1, ' ') && Chars.DigitAt(s, p + 2) ? p + 2 : p;
    }

    private static bool TryReadPid(ReadOnlySpan<char> s, ref int p, ref int? pid)
    {
        if (!Chars.At(s, p, '['))
        {
            return true;
        }

        var digits = Chars.ReadNumber(s, p + 1, 9, out var value);
        if (digits == 0 || !Chars.At(s, p + 1 + digits, ']'))
        {
            return false;
        }

        pid = value;
        p += digits + 2;
        return true;
    }

    // BSD style "tag: message", or RFC 5424 "app procid msgid - message" (structured data only as "-").
    private static bool TryEndTag(ReadOnlySpan<char> s, ref int p, ref int? pid)
    {
        if (Chars.At(s, p, ':'))
        {
            p++;
            p = Chars.At(s, p, ' ') ? p + 1 : p;
            return true;
        }

        if (!Chars.At(s, p, ' '))
        {
            return false;
        }

        var procStart = p + 1;
        var q = procStart;
        while (q < s.Length && q - procStart < MaxTagLength && s[q] != ' ')
        {
            q++;
        }

        var procId = s[procStart..q];
        var msgStart = q + 1;
        var r = msgStart;
        while (r < s.Length && r - msgStart < MaxTagLength && s[r] != ' ')
        {
            r++;
        }

        if (procId.IsEmpty || r == msgStart || !Chars.At(s, q, ' ') || !Chars.At(s, r, ' ') || !Chars.At(s, r + 1, '-')
            || !(r + 2 == s.Length || Chars.At(s, r + 2, ' ')))
        {
            return false;
        }

        if (Chars.ReadNumber(procId, 0, 9, out var value) == procId.Length)
        {
            pid = value;
        }

        p = Math.Min(r + 3, s.Length);
        return true;
    }

    private static bool IsTagChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '#' or '@';

    // "2024-03-21T02:07:08Z INFO main: ..." is an application's own line, not a syslog host.
    private static bool IsLevelWord(ReadOnlySpan<char> word) =>
        word is "INFO" or "WARN" or "WARNING" or "ERROR" or "DEBUG" or "CRITICAL" or "FATAL" or "TRACE" or "NOTICE";
}
