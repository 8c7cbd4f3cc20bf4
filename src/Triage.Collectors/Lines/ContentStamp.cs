namespace Triage.Collectors.Lines;

/// <summary>
/// Stamps that open the message itself and stay in the content: glog/klog (<c>E0321 02:07:08.408271 12345 ...]</c>),
/// torch's bracketed c10 header (<c>[W321 02:07:08.408271 ProcessGroupNCCL.cpp:1234]</c>), Python logging
/// (<c>[2024-03-21 02:07:08,123] ...</c>, <c>2024-03-21 02:07:08,123 - INFO - ...</c>,
/// <c>2024-03-21 02:07:08.123 | INFO | ...</c>, <c>INFO 2024-03-21 02:07:08,123 ...</c>) and ISO stamps.
/// They only fill what the transport prefixes left unknown.
/// </summary>
internal static class ContentStamp
{
    public static void Read(ReadOnlySpan<char> s, int pos, DateTimeOffset referenceUtc, ref LineFacts facts)
    {
        if (facts.Timestamp is not null && facts.Pid is not null)
        {
            return;
        }

        // A message may start with a space (Megatron writes " [2024-03-21 02:07:08] iteration ..."
        // after srun's "255: " label).
        pos = Chars.SkipSpaces(s, pos, 2);
        var p = Chars.At(s, pos, '[') ? pos + 1 : pos;
        if (GlogStamp.TryParse(s, p, out var month, out var day, out var time, out var pid))
        {
            facts.SetTimestamp(CivilTime.CreateWithoutYear(referenceUtc, month, day, time));
            facts.SetPid(pid);
            return;
        }

        if (IsoStamp.TryParse(s, p, requireT: false, out var stamp, out _))
        {
            facts.SetTimestamp(stamp);
            return;
        }

        var afterLevel = SkipLevelWord(s, pos);
        if (afterLevel > pos && IsoStamp.TryParse(s, afterLevel, requireT: false, out stamp, out _))
        {
            facts.SetTimestamp(stamp);
        }
    }

    private static int SkipLevelWord(ReadOnlySpan<char> s, int pos)
    {
        var p = pos;
        while (p - pos < 8 && p < s.Length && char.IsAsciiLetterUpper(s[p]))
        {
            p++;
        }

        if (p == pos || !Chars.At(s, p, ' '))
        {
            return pos;
        }

        return s[pos..p] is "INFO" or "WARNING" or "WARN" or "ERROR" or "DEBUG" or "CRITICAL" or "FATAL"
            ? Chars.SkipSpaces(s, p, 4)
            : pos;
    }
}
