using System.Globalization;
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
        var line = content.ToString();
        if (Megatron().Match(line) is { Success: true } m && long.TryParse(m.Groups["step"].ValueSpan, NumberStyles.None, Inv, out var step))
        {
            row.Step = step;
            MegatronFields.AddAll(line, row);
            return IterationLineFormat.Megatron;
        }

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

        return double.TryParse(text, NumberStyles.Float, Inv, out value);
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
