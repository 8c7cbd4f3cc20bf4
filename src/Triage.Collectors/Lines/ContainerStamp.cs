namespace Triage.Collectors.Lines;

/// <summary>
/// The stamp a container runtime or log shipper writes before each line it relays:
/// <c>docker logs --timestamps</c> / <c>kubectl logs --timestamps</c> (<c>2024-05-11T14:10:52.224123456Z msg</c>),
/// the CRI log format of containerd and CRI-O (<c>2024-05-11T14:10:52.224123456Z stderr F msg</c>, the stream and a
/// full / partial tag after it), and cloud loggers that prefix an RFC 3339 UTC stamp. The shape is an ISO stamp
/// with the <c>T</c> separator, a fraction of a second and <c>Z</c>, then a space: syslog headers with a numeric
/// offset stay <see cref="SyslogHeader"/>'s, and so does a <c>Z</c> stamp followed by what reads as a syslog host
/// and tag (lower-case host, a tag that starts with a lower-case letter: <c>node-017 kernel: </c>); a relayed
/// message rarely opens that way (<c>Bypassing SIGTERM: 15</c> does not). What follows is the relayed line, read
/// by the next layers and the rules (which may anchor at its start).
/// </summary>
internal static class ContainerStamp
{
    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        if (!IsoStamp.TryParse(s, pos, requireT: true, out var stamp, out var end)
            || end - pos < 21 || s[end - 1] != 'Z' || !Chars.At(s, pos + 19, '.') || !Chars.At(s, end, ' '))
        {
            return false;
        }

        var p = end + 1;
        if (LooksLikeSyslogHostAndTag(s, p))
        {
            return false;
        }

        // CRI: "stdout F " / "stderr P ".
        if ((Chars.StartsWith(s, p, "stdout ") || Chars.StartsWith(s, p, "stderr "))
            && (Chars.At(s, p + 7, 'F') || Chars.At(s, p + 7, 'P')) && Chars.At(s, p + 8, ' '))
        {
            p += 9;
        }

        if (p >= s.Length)
        {
            return false;
        }

        facts.SetTimestamp(stamp);
        next = p;
        return true;
    }

    /// <summary><c>host tag: </c> or <c>host tag[pid]: </c> with a lower-case host and a tag opening with a lower-case letter.</summary>
    private static bool LooksLikeSyslogHostAndTag(ReadOnlySpan<char> s, int p)
    {
        var hostStart = p;
        while (p < s.Length && (char.IsAsciiLetterLower(s[p]) || char.IsAsciiDigit(s[p]) || s[p] is '.' or '-' or '_'))
        {
            p++;
        }

        if (p == hostStart || !Chars.At(s, p, ' ') || !(p + 1 < s.Length && char.IsAsciiLetterLower(s[p + 1])))
        {
            return false;
        }

        p++;
        while (p < s.Length && (char.IsAsciiLetterOrDigit(s[p]) || s[p] is '.' or '-' or '_' or '/'))
        {
            p++;
        }

        if (Chars.At(s, p, '['))
        {
            while (p < s.Length && s[p] != ']')
            {
                p++;
            }

            p++;
        }

        return Chars.At(s, p, ':') && (p + 1 >= s.Length || s[p + 1] == ' ');
    }
}
