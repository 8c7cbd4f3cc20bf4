using System.Globalization;

namespace Triage.Alerts.Rules;

/// <summary>Durations as Prometheus writes them: a number and a unit (<c>ms s m h d</c>), e.g. <c>30s</c>, <c>90m</c>, <c>24h</c>.</summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a positive duration of at most 365 days.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        var split = t.Length;
        while (split > 0 && char.IsAsciiLetter(t[split - 1]))
        {
            split--;
        }

        if (!double.TryParse(t.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        double? ms = t[split..] switch
        {
            "ms" => n,
            "s" => n * 1e3,
            "m" => n * 60e3,
            "h" => n * 3600e3,
            "d" => n * 86400e3,
            _ => null,
        };
        if (ms is not { } m || m > TimeSpan.FromDays(365).TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(m);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> in the largest whole unit (<c>2h</c>, <c>90m</c>, <c>30s</c>).</summary>
    public static string Format(TimeSpan value) => value switch
    {
        { TotalDays: >= 1 } when value.TotalDays % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalDays:0}d"),
        { TotalHours: >= 1 } when value.TotalHours % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalHours:0}h"),
        { TotalMinutes: >= 1 } when value.TotalMinutes % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMinutes:0}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###}s"),
    };
}
