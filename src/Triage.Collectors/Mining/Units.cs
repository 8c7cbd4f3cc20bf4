namespace Triage.Collectors.Mining;

/// <summary>Unit words that belong to the number before them (<c>5.2 KB</c>, <c>30 ms</c>): masked with it.</summary>
internal static class Units
{
    public static bool IsUnit(ReadOnlySpan<char> token)
    {
        token = token.TrimEnd(",;");
        if (token.Length is 0 or > 5)
        {
            return false;
        }

        Span<char> lower = stackalloc char[token.Length];
        token.ToLowerInvariant(lower);
        return lower switch
        {
            "b" or "kb" or "mb" or "gb" or "tb" or "kib" or "mib" or "gib" => true,
            "ms" or "us" or "ns" or "s" or "sec" or "secs" or "bytes" or "%" => true,
            _ => false,
        };
    }
}
