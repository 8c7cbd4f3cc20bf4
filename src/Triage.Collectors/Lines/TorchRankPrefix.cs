namespace Triage.Collectors.Lines;

/// <summary>
/// Per-rank prefixes that PyTorch writes, and which rank each one names:
/// <list type="bullet">
/// <item><c>[rank3]:</c>: the global rank (c10 logging and Python tracebacks since torch 2.2).</item>
/// <item><c>[default3]:</c>, <c>[trainer3]:</c>: torchrun <c>--tee</c>/<c>--redirect</c> and torchelastic's
/// default <c>log_line_prefix_template</c>, <c>[${role_name}${local_rank}]:</c>: the role name (<c>default</c>
/// unless <c>--role</c> says otherwise) followed by the LOCAL rank.</item>
/// <item><c>[trainer0|3]:</c>: a role, its replica and, after <c>|</c>, the LOCAL rank (torchx).</item>
/// <item><c>[3]:text</c>: the template torch's documentation gives for global ranks,
/// <c>log_line_prefix_template = "[${rank}]:"</c> (torch/distributed/elastic/multiprocessing/api.py). A bare
/// <c>[0]:</c> at the end of a line is an entry of torchrun's failure table, not a prefix.</item>
/// </list>
/// <c>[Rank 3]</c> inside a message is not a prefix, nor is a bracketed word that numbers something else
/// (<c>[GPU0]:</c>, <c>[Epoch3]:</c>).
/// </summary>
internal static class TorchRankPrefix
{
    private const int MaxDigits = 7;
    private const int MaxRoleLength = 32;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        if (!Chars.At(s, pos, '['))
        {
            return false;
        }

        // Role name: a letter, then letters, '_' or '-'; none for "[3]:".
        var p = pos + 1;
        while (p < s.Length && p - pos - 1 < MaxRoleLength && (char.IsAsciiLetter(s[p]) || (p > pos + 1 && s[p] is '_' or '-')))
        {
            p++;
        }

        var role = s[(pos + 1)..p];
        var digits = Chars.ReadNumber(s, p, MaxDigits, out var number);
        p += digits;

        // "[trainer0|3]:": a role and its replica, then the local rank after '|' (torchx's role prefix).
        if (digits > 0 && !role.IsEmpty && Chars.At(s, p, '|') && Chars.ReadNumber(s, p + 1, MaxDigits, out var local) is > 0 and var localDigits)
        {
            number = local;
            p += 1 + localDigits;
        }

        if (digits == 0 || !Chars.At(s, p, ']') || !Chars.At(s, p + 1, ':'))
        {
            return false;
        }

        p += 2;
        if (role.IsEmpty)
        {
            // "[3]:" names a global rank only with text after it (torchelastic writes the line right after the prefix).
            if (p >= s.Length || (Chars.At(s, p, ' ') && p + 1 >= s.Length))
            {
                return false;
            }

            facts.SetRank(number);
        }
        else if (role.Equals("rank", StringComparison.Ordinal))
        {
            facts.SetRank(number);
        }
        else if (IsOtherCounter(role))
        {
            return false;
        }
        else
        {
            facts.SetLocalRank(number);
        }

        // Python lines get "[rank0]: " (one space added); c10 lines continue with "[W...]" directly.
        next = Chars.At(s, p, ' ') ? p + 1 : p;
        return true;
    }

    private static bool IsOtherCounter(ReadOnlySpan<char> role) =>
        role.Equals("Rank", StringComparison.Ordinal) || role.Equals("gpu", StringComparison.OrdinalIgnoreCase)
        || role.Equals("cuda", StringComparison.OrdinalIgnoreCase) || role.Equals("epoch", StringComparison.OrdinalIgnoreCase)
        || role.Equals("step", StringComparison.OrdinalIgnoreCase) || role.Equals("iter", StringComparison.OrdinalIgnoreCase)
        || role.Equals("layer", StringComparison.OrdinalIgnoreCase) || role.Equals("device", StringComparison.OrdinalIgnoreCase)
        || role.Equals("node", StringComparison.OrdinalIgnoreCase);
}
