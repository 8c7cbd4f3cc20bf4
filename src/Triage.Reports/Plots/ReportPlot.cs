namespace Triage.Reports.Plots;

/// <summary>The plots of a report.</summary>
public enum ReportPlot
{
    /// <summary>Loss and grad norm over time, with spikes, NaNs, hangs, crashes and restarts marked.</summary>
    Curves,

    /// <summary>First failures per host over time (swim lanes over a symptom-density strip).</summary>
    FirstFailures,

    /// <summary>The factor contrast: failure share against baseline share.</summary>
    Contrast,

    /// <summary>Net votes per hypothesis over time, with the decisions.</summary>
    Votes,
}
