namespace Triage.Collectors.Lines;

/// <summary>
/// NCCL debug prefixes <c>node-017:12345:12399 [3] </c>: host, pid, thread id and the CUDA device index,
/// optionally after the stamp NCCL 2.2x writes with <c>NCCL_DEBUG_TIMESTAMP_FORMAT</c>
/// (<c>[2026-05-05 06:16:47] node-01:189884:189884 [3] ...</c>). The content starts after the device bracket,
/// at <c>NCCL INFO ...</c> or at the source location of a <c>NCCL WARN</c>.
/// </summary>
internal static class NcclPrefix
{
    private const int MaxHostLength = 253;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        var p = pos;
        DateTimeOffset? stamp = null;
        if (Chars.At(s, p, '[') && IsoStamp.TryParse(s, p + 1, requireT: false, out stamp, out var end)
            && Chars.At(s, end, ']') && Chars.At(s, end + 1, ' '))
        {
            p = end + 2;
        }

        var hostStart = p;
        var hasNonDigit = false;
        while (p < s.Length && p - hostStart < MaxHostLength && Chars.IsHostChar(s[p]))
        {
            hasNonDigit |= !char.IsAsciiDigit(s[p]);
            p++;
        }

        // A host of digits only would make "12:34:56 [1] ..." look like a prefix.
        var hostLength = p - hostStart;
        if (hostLength == 0 || !hasNonDigit || !Chars.At(s, p, ':'))
        {
            return false;
        }

        var pidDigits = Chars.ReadNumber(s, p + 1, 9, out var pid);
        p += 1 + pidDigits;
        if (pidDigits == 0 || !Chars.At(s, p, ':'))
        {
            return false;
        }

        var tidDigits = Chars.ReadNumber(s, p + 1, 9, out _);
        p += 1 + tidDigits;
        if (tidDigits == 0 || !Chars.At(s, p, ' ') || !Chars.At(s, p + 1, '['))
        {
            return false;
        }

        var gpuDigits = Chars.ReadNumber(s, p + 2, 4, out var gpu);
        p += 2 + gpuDigits;
        if (gpuDigits == 0 || !Chars.At(s, p, ']') || !(p + 1 == s.Length || Chars.At(s, p + 1, ' ')))
        {
            return false;
        }

        facts.SetTimestamp(stamp);
        facts.SetHost(hostStart, hostLength);
        facts.SetStreamPid(pid);
        facts.SetGpu(gpu);
        next = Math.Min(p + 2, s.Length);
        return true;
    }
}
