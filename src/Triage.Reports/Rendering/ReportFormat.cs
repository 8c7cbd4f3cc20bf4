using System.Globalization;
using Triage.Reports.Model;

namespace Triage.Reports.Rendering;

/// <summary>How numbers, times and durations read in every format: invariant culture, UTC. Thread-safe.</summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Inv) ?? "unknown";

    /// <summary>ISO 8601 for JSON.</summary>
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv);

    public static string N(long n) => n.ToString("N0", Inv);

    public static string Score(double s) => s.ToString("0.00", Inv);

    public static string Percent(double share) => share >= 0.1 || share == 0 ? share.ToString("0%", Inv) : share >= 0.001 ? share.ToString("0.0#%", Inv) : share.ToString("0.0##%", Inv);

    public static string Signed(int n) => n > 0 ? "+" + n.ToString(Inv) : n.ToString(Inv).Replace('-', '−');

    public static string Plural(long n, string one, string many) => $"{N(n)} {(n == 1 ? one : many)}";

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return string.Create(Inv, $"{(int)span.TotalSeconds} s");
        }

        var hours = (int)span.TotalHours;
        return hours > 0 ? string.Create(Inv, $"{hours} h {span.Minutes} min") : string.Create(Inv, $"{span.Minutes} min");
    }

    public static string Status(ReviewStatus status) => status switch
    {
        ReviewStatus.Confirmed => "confirmed",
        ReviewStatus.Rejected => "rejected",
        _ => "open",
    };

    public static string Kind(TimelineKind kind) => kind switch
    {
        TimelineKind.Start => "start",
        TimelineKind.VersionChange => "version change",
        TimelineKind.FirstFailure => "first failure",
        TimelineKind.CollateralWave => "collateral wave",
        TimelineKind.Vote => "vote",
        TimelineKind.Decision => "decision",
        _ => "note",
    };

    /// <summary>"11 of 11 first failures had data_shard=web-0174 against 3.1% of ... (32.3×)".</summary>
    public static string Contrast(Triage.Hypotheses.FactorContrast c) =>
        string.Create(Inv, $"{c.Failures} of {c.Tested} first failures had {c.Factor} ({Percent(c.FailureShare)}), against {Percent(c.Baseline)} of {c.Unit}{(c.Baseline > 0 ? string.Create(Inv, $": {c.FailureShare / c.Baseline:0.#}× its share") : string.Empty)}");

    /// <summary>"#1 h-bb9652" (or the id with "(unranked)").</summary>
    public static string Name(Triage.Hypotheses.Hypothesis h) => h.Rank > 0 ? string.Create(Inv, $"#{h.Rank} {h.Id}") : $"{h.Id} (unranked)";
}
