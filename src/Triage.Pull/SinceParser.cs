using System.Globalization;

namespace Triage.Pull;

/// <summary>
/// <c>--since</c>: an ISO 8601 time (<c>2026-05-02T03:00:00Z</c>, <c>2026-05-02 03:00</c>; no offset means UTC)
/// or an age before now (<c>90m</c>, <c>6h</c>, <c>2d</c>). The result is a time, never text handed to a node.
/// </summary>
public static class SinceParser
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>Parses <paramref name="text"/> relative to <paramref name="now"/>.</summary>
    /// <exception cref="TriageException">Not a time or an age (exit code 2).</exception>
    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Length is >= 2 and <= 12 && char.IsAsciiLetter(t[^1])
            && long.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            TimeSpan? age = t[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            };
            if (age is { } a && n <= 36_500L * 24 * 3600)
            {
                return now - a;
            }
        }

        if (DateTimeOffset.TryParseExact(t, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw new TriageException($"--since: '{Triage.Text.TerminalText.Sanitize(t, 60)}' is not a time (2026-05-02T03:00:00Z, 2026-05-02 03:00) or an age (90m, 6h, 2d)", ExitCodes.Usage);
    }
}
