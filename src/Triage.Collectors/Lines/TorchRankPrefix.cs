namespace Triage.Collectors.Lines;

/// <summary>
/// Per-rank prefixes that PyTorch writes: <c>[rank3]:</c> (global rank, c10 logging and Python
/// tracebacks since torch 2.2) and <c>[default3]:</c> (torchrun <c>--tee</c>/<c>--redirect</c>, the default
/// role name followed by the local rank). <c>[Rank 3]</c> inside a message is not a prefix.
/// </summary>
internal static class TorchRankPrefix
{
    private const int MaxDigits = 7;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        bool isRank;
        int p;
        if (Chars.StartsWith(s, pos, "[rank"))
        {
            isRank = true;
            p = pos + 5;
        }
        else if (Chars.StartsWith(s, pos, "[default"))
        {
            isRank = false;
            p = pos + 8;
        }
        else
        {
            return false;
        }

        var digits = Chars.ReadNumber(s, p, MaxDigits, out var number);
        p += digits;
        if (digits == 0 || !Chars.At(s, p, ']') || !Chars.At(s, p + 1, ':'))
        {
            return false;
        }

        if (isRank)
        {
            facts.SetRank(number);
        }
        else
        {
            facts.SetLocalRank(number);
        }

        // Python lines get "[rank0]: " (one space added); c10 lines continue with "[W...]" directly.
        p += 2;
        next = Chars.At(s, p, ' ') ? p + 1 : p;
        return true;
    }
}
