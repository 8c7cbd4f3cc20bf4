using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Triage.Rules.Causal;

/// <summary>Durations as rule files write them: <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>, or combined in that order (<c>1h30m</c>).</summary>
internal static partial class Duration
{
    private const int MaxChars = 64;

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Length == 0 || text.Length > MaxChars)
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        long milliseconds = 0;
        (string Group, long Unit)[] parts = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)];
        foreach (var (group, unit) in parts)
        {
            var g = match.Groups[group];
            if (!g.Success)
            {
                continue;
            }

            if (!long.TryParse(g.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return false;
            }

            milliseconds += count * unit;
        }

        value = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>The shortest exact form, e.g. <c>40m</c>, <c>1h10m2s</c>, <c>-250ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            text.Append('-');
            value = value == TimeSpan.MinValue ? TimeSpan.MaxValue : value.Negate();
        }

        var ticks = value.Ticks;
        Append(text, ref ticks, TimeSpan.TicksPerDay, "d");
        Append(text, ref ticks, TimeSpan.TicksPerHour, "h");
        Append(text, ref ticks, TimeSpan.TicksPerMinute, "m");
        Append(text, ref ticks, TimeSpan.TicksPerSecond, "s");
        Append(text, ref ticks, TimeSpan.TicksPerMillisecond, "ms");
        if (ticks > 0 && text.Length <= 1)
        {
            text.Append("0ms");
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, ref long ticks, long unit, string suffix)
    {
        var count = ticks / unit;
        if (count > 0)
        {
            text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(suffix);
            ticks -= count * unit;
        }
    }

    [GeneratedRegex("^(?:(?<d>[0-9]{1,6})d)?(?:(?<h>[0-9]{1,6})h)?(?:(?<m>[0-9]{1,6})m)?(?:(?<s>[0-9]{1,9})s)?(?:(?<ms>[0-9]{1,9})ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
