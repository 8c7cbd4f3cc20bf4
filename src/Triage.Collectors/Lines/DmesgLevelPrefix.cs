namespace Triage.Collectors.Lines;

/// <summary>
/// <c>dmesg -x</c> / <c>--decode</c> prefixes: <c>kern  :err   : </c>, <c>syslog:warn  : </c> (facility and
/// level, padded), optionally followed by <c>dmesg --time-format iso</c>'s stamp
/// (<c>2025-01-25T10:34:54,859532+00:00 </c>). The level is kept (<see cref="LineFacts.Level"/>); the
/// other dmesg stamps (<c>[12345.678]</c>, <c>[Thu Mar 21 ...]</c>) are the next layer's.
/// </summary>
internal static class DmesgLevelPrefix
{
    private const int MaxPadding = 8;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        var p = pos;
        while (p < s.Length && p - pos < 9 && (char.IsAsciiLetterLower(s[p]) || char.IsAsciiDigit(s[p])))
        {
            p++;
        }

        if (!IsFacility(s[pos..p]))
        {
            return false;
        }

        p = Chars.SkipSpaces(s, p, MaxPadding);
        if (!Chars.At(s, p, ':'))
        {
            return false;
        }

        var levelStart = ++p;
        while (p < s.Length && p - levelStart < 7 && char.IsAsciiLetterLower(s[p]))
        {
            p++;
        }

        var level = LevelOf(s[levelStart..p]);
        p = Chars.SkipSpaces(s, p, MaxPadding);
        if (level == LineLevel.None || !Chars.At(s, p, ':') || !Chars.At(s, p + 1, ' '))
        {
            return false;
        }

        p += 2;
        facts.SetLevel(level);
        if (IsoStamp.TryParse(s, p, requireT: true, out var stamp, out var end) && Chars.At(s, end, ' '))
        {
            facts.SetTimestamp(stamp);
            p = end + 1;
        }

        next = p;
        return true;
    }

    internal static bool IsFacility(ReadOnlySpan<char> word) =>
        word is "kern" or "user" or "mail" or "daemon" or "auth" or "syslog" or "lpr" or "news" or "uucp" or "cron" or "authpriv" or "ftp"
        || (word.Length == 6 && word.StartsWith("local") && char.IsAsciiDigit(word[5]));

    internal static LineLevel LevelOf(ReadOnlySpan<char> word) => word switch
    {
        "emerg" or "alert" or "crit" or "err" => LineLevel.Error,
        "warn" => LineLevel.Warning,
        "notice" or "info" => LineLevel.Info,
        "debug" => LineLevel.Debug,
        _ => LineLevel.None,
    };
}
