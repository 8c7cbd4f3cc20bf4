namespace Triage.Collectors.Lines;

/// <summary>
/// <c>srun --label</c> task ids: <c>3: text</c>, right-aligned to the widest id (<c> 12: text</c>).
/// srun adds it last, so it is only looked for as the outermost prefix.
/// </summary>
internal static class SrunLabel
{
    private const int MaxPadding = 7;
    private const int MaxDigits = 7;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        var p = Chars.SkipSpaces(s, pos, MaxPadding);
        var digits = Chars.ReadNumber(s, p, MaxDigits, out var task);
        p += digits;

        // "12:34:56" is a time, not a label: srun writes ": " (or nothing after an empty line).
        if (digits == 0 || !Chars.At(s, p, ':') || !(p + 1 == s.Length || Chars.At(s, p + 1, ' ')))
        {
            return false;
        }

        facts.SetTaskLabel(task);
        next = Math.Min(p + 2, s.Length);
        return true;
    }
}
