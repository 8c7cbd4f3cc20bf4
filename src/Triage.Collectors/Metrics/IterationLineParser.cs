using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Reads the metric values of a training framework's progress line: Megatron-LM's
/// <c>iteration 100/ 500000 | consumed samples: 51200 | elapsed time per iteration (ms): 1520.3 |
/// learning rate: 1.500E-04 | ... | lm loss: 2.345678E+00 | loss scale: 65536.0 | grad norm: 1.234 |
/// number of skipped iterations: 0 | number of nan iterations: 0 |</c> (every <c>name: number</c>
/// field, <c>nan</c> / <c>inf</c> included) and DeepSpeed's <c>[Rank 0] step=100, skipped=0,
/// lr=[0.0003], mom=[...]</c> and <c>steps: 100 loss: 2.3456 iter time (s): 1.234 samples/sec: 207.4</c>.
/// Names are made canonical by <see cref="MetricNames"/>. Never throws; thread-safe (no state).
/// </summary>
internal static partial class IterationLineParser
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One of the two byte strings <see cref="MayBe"/> looks for.</summary>
    public static ReadOnlySpan<byte> Iteration => "iteration "u8;

    /// <summary>The other byte string <see cref="MayBe"/> looks for.</summary>
    public static ReadOnlySpan<byte> Step => "step"u8;

    /// <summary>A cheap test on the raw bytes: only lines passing it can be iteration lines.</summary>
    public static bool MayBe(ReadOnlySpan<byte> line) =>
        line.IndexOf(Iteration) >= 0 || line.IndexOf(Step) >= 0;

    /// <summary>
    /// Fills <paramref name="row"/>'s step, values and (DeepSpeed's <c>[Rank N]</c>) rank from
    /// <paramref name="content"/>; returns the format, or <see cref="IterationLineFormat.None"/>
    /// (row untouched) when the line is not an iteration line.
    /// </summary>
    public static IterationLineFormat TryParse(ReadOnlySpan<char> content, MetricRow row)
    {
        // An ASCII line (every Megatron line seen) is matched by hand, without a string or a Match;
        // any other line by the regex, whose \b, \s and \d are Unicode-wide.
        long step;
        if (Ascii.IsValid(content))
        {
            if (MegatronStep(content) is { } megatronStep)
            {
                row.Step = megatronStep;
                MegatronFields.AddAll(content, row);
                return IterationLineFormat.Megatron;
            }
        }
        else if (Megatron().Match(content.ToString()) is { Success: true } m && long.TryParse(m.Groups["step"].ValueSpan, NumberStyles.None, Inv, out step))
        {
            row.Step = step;
            MegatronFields.AddAll(content, row);
            return IterationLineFormat.Megatron;
        }

        if (content.IndexOf("step", StringComparison.Ordinal) < 0)
        {
            return IterationLineFormat.None; // both DeepSpeed forms need it
        }

        var line = content.ToString();

        if (DeepSpeedStep().Match(line) is { Success: true } d && long.TryParse(d.Groups["step"].ValueSpan, NumberStyles.None, Inv, out step))
        {
            row.Step = step;
            if (d.Groups["rank"].Success && int.TryParse(d.Groups["rank"].ValueSpan, NumberStyles.None, Inv, out var rank))
            {
                row.Rank = rank;
            }

            AddValue(row, "skipped", d.Groups["skipped"].ValueSpan);
            AddValue(row, "lr", d.Groups["lr"].ValueSpan);
            return IterationLineFormat.DeepSpeed;
        }

        if (DeepSpeedSteps().Match(line) is { Success: true } s && long.TryParse(s.Groups["step"].ValueSpan, NumberStyles.None, Inv, out step))
        {
            row.Step = step;
            foreach (Match field in DeepSpeedField().Matches(line, s.Length))
            {
                AddValue(row, field.Groups["name"].Value, field.Groups["value"].ValueSpan);
            }

            return IterationLineFormat.DeepSpeed;
        }

        return IterationLineFormat.None;
    }

    /// <summary>
    /// The step of the leftmost match of <see cref="Megatron"/> in an ASCII <paramref name="line"/>, or
    /// null: <c>\biteration\s+(\d{1,15})\s*/\s*\d+\s*\|</c> matched by hand (its match at a start is
    /// unique: each run of spaces or digits is taken whole, as the regex must to go on).
    /// </summary>
    internal static long? MegatronStep(ReadOnlySpan<char> line)
    {
        const string word = "iteration";
        var from = 0;
        while (from < line.Length)
        {
            var at = line[from..].IndexOf(word, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var p = from + at;
            from = p + 1;
            if (p > 0 && IsAsciiWordChar(line[p - 1]))
            {
                continue;
            }

            var i = p + word.Length;
            var spaces = SkipAsciiSpace(line, i);
            if (spaces == i)
            {
                continue;
            }

            var digits = SkipDigits(line, spaces);
            if (digits == spaces || digits - spaces > 15)
            {
                continue;
            }

            i = SkipAsciiSpace(line, digits);
            if (i >= line.Length || line[i] != '/')
            {
                continue;
            }

            i = SkipAsciiSpace(line, i + 1);
            var total = SkipDigits(line, i);
            if (total == i)
            {
                continue;
            }

            i = SkipAsciiSpace(line, total);
            if (i >= line.Length || line[i] != '|')
            {
                continue;
            }

            long step = 0;
            foreach (var c in line[spaces..digits])
            {
                step = (step * 10) + (c - '0');
            }

            return step;
        }

        return null;
    }

    private static bool IsAsciiWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // \s on ASCII: \t \n \v \f \r and space.
    private static int SkipAsciiSpace(ReadOnlySpan<char> line, int i)
    {
        while (i < line.Length && line[i] is ' ' or (>= '\t' and <= '\r'))
        {
            i++;
        }

        return i;
    }

    private static int SkipDigits(ReadOnlySpan<char> line, int i)
    {
        while (i < line.Length && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        return i;
    }

    private static void AddValue(MetricRow row, string rawName, ReadOnlySpan<char> text)
    {
        if (!TryNumber(text, out var value))
        {
            return;
        }

        // "samples/sec", "TFLOP/s/GPU": a slash here is "per", not a TensorBoard tag path.
        var (name, scale) = MetricNames.Canonical(rawName.Replace("/", "_per_", StringComparison.Ordinal));
        row.Values.Add(new(name, value * scale));
    }

    /// <summary>As <see cref="AddValue(MetricRow, string, ReadOnlySpan{char})"/>, the name given as a span (looked up without a string when seen before).</summary>
    internal static void AddValue(MetricRow row, ReadOnlySpan<char> rawName, ReadOnlySpan<char> text)
    {
        if (!TryNumber(text, out var value))
        {
            return;
        }

        if (!FieldNamesBySpan.TryGetValue(rawName, out var canonical))
        {
            var raw = rawName.ToString();
            canonical = MetricNames.Canonical(raw.Replace("/", "_per_", StringComparison.Ordinal));
            if (FieldNames.Count < MaxFieldNames)
            {
                FieldNames.TryAdd(raw, canonical);
            }
        }

        row.Values.Add(new(canonical.Name, value * canonical.Scale));
    }

    private const int MaxFieldNames = 4096;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Name, double Scale)> FieldNames = new(StringComparer.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Name, double Scale)>.AlternateLookup<ReadOnlySpan<char>> FieldNamesBySpan =
        FieldNames.GetAlternateLookup<ReadOnlySpan<char>>();

    internal static bool TryNumber(ReadOnlySpan<char> text, out double value)
    {
        text = text.Trim();
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase) || text.Equals("-nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("-inf", StringComparison.OrdinalIgnoreCase))
        {
            value = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        return TryFastDecimal(text, out value) || double.TryParse(text, NumberStyles.Float, Inv, out value);
    }

    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// <c>[+-]digits[.digits][(e|E)[+-]digits]</c> with at most 15 significant digits and a decimal
    /// exponent within ±22: the value is one exact integer times or divided by one exact power of ten,
    /// so one IEEE operation rounds it correctly, the same double as <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out double)"/>
    /// (Clinger's fast path, which the runtime takes too). False for anything else (the caller parses it).
    /// </summary>
    internal static bool TryFastDecimal(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        long mantissa = 0;
        var significant = 0;
        var intStart = i;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            if (mantissa != 0 || text[i] != '0')
            {
                mantissa = (mantissa * 10) + (text[i] - '0');
                significant++;
            }
        }

        if (i == intStart)
        {
            return false;
        }

        var scale = 0;
        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                if (mantissa != 0 || text[i] != '0')
                {
                    mantissa = (mantissa * 10) + (text[i] - '0');
                    significant++;
                }

                scale--;
            }
        }

        if (significant > 15)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            var expNegative = false;
            if (i < text.Length && text[i] is '+' or '-')
            {
                expNegative = text[i] == '-';
                i++;
            }

            var expStart = i;
            var exp = 0;
            for (; i < text.Length && char.IsAsciiDigit(text[i]) && i - expStart < 4; i++)
            {
                exp = (exp * 10) + (text[i] - '0');
            }

            if (i == expStart)
            {
                return false;
            }

            scale += expNegative ? -exp : exp;
        }

        if (i != text.Length || scale < -22 || scale > 22)
        {
            return false;
        }

        var m = (double)mantissa;
        value = scale >= 0 ? m * PowersOf10[scale] : m / PowersOf10[-scale];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    [GeneratedRegex(@"\biteration\s+(?<step>\d{1,15})\s*/\s*\d+\s*\|", RegexOptions.CultureInvariant)]
    private static partial Regex Megatron();

    [GeneratedRegex(@"(?:\[Rank (?<rank>\d{1,7})\] )?\bstep=(?<step>\d{1,15}), skipped=(?<skipped>\d{1,15}), lr=\[(?<lr>[^,\]]{1,40})", RegexOptions.CultureInvariant)]
    private static partial Regex DeepSpeedStep();

    [GeneratedRegex(@"^\s*steps: (?<step>\d{1,15}) ", RegexOptions.CultureInvariant)]
    private static partial Regex DeepSpeedSteps();

    [GeneratedRegex(@"(?<name>[A-Za-z][A-Za-z ()/_]{0,40}?): (?<value>[-+]?[0-9A-Za-z.+-]{1,40})(?= |$)", RegexOptions.CultureInvariant)]
    private static partial Regex DeepSpeedField();
}
