using System.Globalization;
using System.Text.RegularExpressions;
using Triage.Collectors.Metrics;

namespace Triage.Collectors.Tests.Metrics;

/// <summary>The hand-matched Megatron step and the fast number parse against what they replace (the regex, <see cref="double.TryParse(string?, NumberStyles, IFormatProvider?, out double)"/>).</summary>
public sealed partial class IterationLineFastPathTests
{
    private static readonly string[] StepPieces =
    [
        "iteration", "iteration ", " iteration", "xiteration", "_iteration", "1iteration", "-iteration", "Iteration", "iterations", "iteratio",
        " ", "  ", "\t", "\v", "\f", "\r", "\n", "0", "7", "42", "123456789012345", "1234567890123456", "/", " / ", "|", " |", "||",
        "x", "lm loss: 2.3", "step", ".", ":", "_", "=",
    ];

    [Fact]
    public void MegatronStep_RandomAsciiLines_SameStepAsTheRegex()
    {
        var random = new Random(5);
        for (var i = 0; i < 60_000; i++)
        {
            var line = string.Concat(Enumerable.Range(0, random.Next(1, 14)).Select(_ => StepPieces[random.Next(StepPieces.Length)]));
            Assert.Equal(OldStep(line), IterationLineParser.MegatronStep(line));
        }

        Assert.Equal(100, IterationLineParser.MegatronStep(" [x] iteration      100/  500000 | lm loss: 2.0 |"));
        Assert.Null(IterationLineParser.MegatronStep("xiteration 100/ 5 |"));
        Assert.Equal(7, IterationLineParser.MegatronStep("xiteration 100/ 5 | iteration\t7 /8|"));
    }

    [Fact]
    public void TryParse_NonAsciiLines_StillTheRegex()
    {
        // \s, \d and \b are Unicode-wide in the regex: a non-ASCII line keeps its answer.
        var row = new MetricRow();
        Assert.Equal(IterationLineFormat.Megatron, IterationLineParser.TryParse("é iteration\u00a03/ 9 | lm loss: 2.5 |", row));
        Assert.Equal(3, row.Step);
        Assert.Equal(IterationLineFormat.None, IterationLineParser.TryParse("éiteration 3/ 9 | lm loss: 2.5 |", new MetricRow()));
    }

    [Fact]
    public void TryNumber_RandomNumberTexts_SameDoubleAsDoubleTryParse()
    {
        var random = new Random(9);
        const string chars = "0123456789012345678900.eE+- ";
        for (var i = 0; i < 200_000; i++)
        {
            var text = i % 2 == 0
                ? new string(Enumerable.Range(0, random.Next(1, 22)).Select(_ => chars[random.Next(chars.Length)]).ToArray())
                : Format(random);
            var fast = IterationLineParser.TryNumber(text, out var got);
            var slow = double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var want);
            Assert.True(fast == slow, $"'{text}': {fast} vs {slow}");
            Assert.True(BitConverter.DoubleToInt64Bits(want) == BitConverter.DoubleToInt64Bits(got), $"'{text}': {got:R} vs {want:R}");
        }
    }

    [Theory]
    [InlineData("-0", true)]
    [InlineData("-0.000", true)]
    [InlineData("2.345678E+00", true)]
    [InlineData("1.500E-04", true)]
    [InlineData("0.1", true)]
    [InlineData("123456789012345", true)]
    [InlineData("1234567890123456", false)]
    [InlineData("1e23", false)]
    [InlineData(".5", false)]
    [InlineData("1.", true)]
    [InlineData("1e", false)]
    public void TryFastDecimal_Examples_TakenOrLeftToTheRuntime(string text, bool taken)
    {
        var fast = IterationLineParser.TryFastDecimal(text, out var value);

        Assert.Equal(taken, fast);
        if (fast)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
    }

    private static string Format(Random random)
    {
        var d = random.Next(4) switch
        {
            0 => random.NextDouble() * Math.Pow(10, random.Next(-30, 30)),
            1 => random.Next(-100000, 100000) / Math.Pow(10, random.Next(0, 9)),
            2 => BitConverter.Int64BitsToDouble(random.NextInt64()),
            _ => Math.Round(random.NextDouble() * 100, random.Next(0, 7)),
        };
        var format = random.Next(5) switch
        {
            0 => "R",
            1 => "E3",
            2 => "E" + random.Next(0, 16).ToString(CultureInfo.InvariantCulture),
            3 => "F" + random.Next(0, 10).ToString(CultureInfo.InvariantCulture),
            _ => "G" + random.Next(1, 18).ToString(CultureInfo.InvariantCulture),
        };
        return d.ToString(format, CultureInfo.InvariantCulture);
    }

    private static long? OldStep(string line) =>
        OldMegatron().Match(line) is { Success: true } m && long.TryParse(m.Groups["step"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var step) ? step : null;

    [GeneratedRegex(@"\biteration\s+(?<step>\d{1,15})\s*/\s*\d+\s*\|", RegexOptions.CultureInvariant)]
    private static partial Regex OldMegatron();
}
