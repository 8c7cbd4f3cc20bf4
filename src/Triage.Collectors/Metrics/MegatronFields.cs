namespace Triage.Collectors.Metrics;

/// <summary>
/// The <c>name: value</c> fields of a Megatron-LM iteration line, read by hand. It finds exactly
/// what the regex <c>(?:^|\|)\s*(?&lt;name&gt;[A-Za-z][^|:]{0,80}?):\s*(?&lt;value&gt;[-+]?[0-9A-Za-z.+-]{1,40})\s*(?=\|)</c>
/// found with <c>Matches</c> (that regex is the tests' oracle): a field starts at the line's start
/// or just after a <c>|</c>; its name begins with an ASCII letter and runs to the first <c>:</c>
/// (at most 80 more chars, no <c>|</c>); its value is one run of <c>[0-9A-Za-z.+-]</c> (1–40
/// chars, 41 with a leading sign) between optional whitespace and the next <c>|</c>. No regex, no
/// match objects, no strings per field (the per-line regex was most of the metrics pass's time).
/// Thread-safe (no state).
/// </summary>
internal static class MegatronFields
{
    private const int MaxNameTail = 80;
    private const int MaxValue = 40;

    /// <summary>Adds every field of <paramref name="line"/> whose value is a number to <paramref name="row"/>, in line order.</summary>
    public static void AddAll(ReadOnlySpan<char> line, MetricRow row)
    {
        var i = 0;
        while (i < line.Length)
        {
            // At 0 the regex tries ^ first, then a '|' there; elsewhere only a '|'.
            if ((i == 0 && TryField(line, 0, row, out var end)) || (line[i] == '|' && TryField(line, i + 1, row, out end)))
            {
                i = end;
                continue;
            }

            var bar = line[(i + 1)..].IndexOf('|');
            if (bar < 0)
            {
                return;
            }

            i += 1 + bar;
        }
    }

    /// <summary>One field from <paramref name="p"/> (just after its start); <paramref name="end"/> is the '|' that ends it.</summary>
    private static bool TryField(ReadOnlySpan<char> line, int p, MetricRow row, out int end)
    {
        end = 0;
        p = SkipWhiteSpace(line, p);
        if (p >= line.Length || !char.IsAsciiLetter(line[p]))
        {
            return false;
        }

        var nameStart = p;
        var stop = line[(p + 1)..].IndexOfAny('|', ':');
        if (stop < 0 || stop > MaxNameTail || line[p + 1 + stop] != ':')
        {
            return false;
        }

        var colon = p + 1 + stop;
        var valueStart = SkipWhiteSpace(line, colon + 1);
        var valueEnd = valueStart;
        while (valueEnd < line.Length && IsValueChar(line[valueEnd]))
        {
            valueEnd++;
        }

        var length = valueEnd - valueStart;
        var max = MaxValue + (length > 0 && line[valueStart] is '-' or '+' ? 1 : 0);
        if (length == 0 || length > max)
        {
            return false;
        }

        var bar = SkipWhiteSpace(line, valueEnd);
        if (bar >= line.Length || line[bar] != '|')
        {
            return false;
        }

        IterationLineParser.AddValue(row, line[nameStart..colon], line[valueStart..valueEnd]);
        end = bar;
        return true;
    }

    private static int SkipWhiteSpace(ReadOnlySpan<char> line, int p)
    {
        while (p < line.Length && char.IsWhiteSpace(line[p]))
        {
            p++;
        }

        return p;
    }

    private static bool IsValueChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-';
}
