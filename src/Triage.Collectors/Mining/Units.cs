namespace Triage.Collectors.Mining;

/// <summary>
/// Unit words that belong to the number before them (<c>5.2 KB</c>, <c>30 ms</c>, <c>&lt;1 sec</c>,
/// <c>10 MB/s</c>, <c>10:30 PM</c>): masked with it, so <c>1 sec</c> and <c>2 min</c> are one template. Abbreviations only:
/// a spelled-out unit (<c>5 seconds</c>) is part of the sentence, as Loghub's templates write it.
/// </summary>
internal static class Units
{
    /// <summary>Punctuation that may follow a unit: <c>KB,</c> <c>ms)</c>.</summary>
    public const string Trailing = ",;)]";

    public static bool IsUnit(ReadOnlySpan<char> token)
    {
        token = token.TrimEnd(Trailing);
        if (token.Length is 0 or > 12)
        {
            return false;
        }

        Span<char> lower = stackalloc char[token.Length];
        token.ToLowerInvariant(lower);
        return lower switch
        {
            "b" or "kb" or "mb" or "gb" or "tb" or "pb" or "kib" or "mib" or "gib" or "tib" or "bytes" => true,
            "b/s" or "kb/s" or "mb/s" or "gb/s" or "bps" or "kbps" or "mbps" or "gbps" => true,
            "ns" or "us" or "µs" or "ms" or "s" or "sec" or "secs" or "msec" or "msecs" or "usec" or "min" or "mins" or "hr" or "hrs" => true,
            "hz" or "khz" or "mhz" or "ghz" or "%" => true,
            "am" or "pm" => true,
            _ => false,
        };
    }
}
