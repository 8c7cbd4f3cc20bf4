using System.Globalization;
using ScottPlot;
using Triage.Reports.Model;
using Triage.Text;

namespace Triage.Reports.Plots;

/// <summary>
/// Draws a report's plots with ScottPlot as SVG: the training curves with events marked, first
/// failures per host over time, the factor contrast and the votes over time. A plot with nothing to
/// draw is left out. Labels that come from logs (hosts, kinds, factor values) are sanitized before
/// drawing and XML-escaped by the SVG writer; ids are prefixed per plot so several SVGs can share
/// one HTML page. Thread-safe (each call draws on its own plots).
/// </summary>
public static class PlotRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The caption (and alt text) of <paramref name="plot"/>.</summary>
    public static string Title(ReportPlot plot) => plot switch
    {
        ReportPlot.Curves => "Loss and grad norm over time, with spikes, NaNs, hangs, first failures and restarts",
        ReportPlot.FirstFailures => "First failures per host over time, over the density of all symptoms",
        ReportPlot.Contrast => "Factor contrast: share of first failures against baseline share",
        _ => "Net votes per hypothesis over time, with the decisions",
    };

    /// <summary>The plots of <paramref name="report"/> that have something to draw, in report order.</summary>
    public static IReadOnlyList<RenderedPlot> Render(PostMortem report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plots = new List<RenderedPlot>();
        if (report.Plots.Contrast is not null)
        {
            plots.Add(Draw(ReportPlot.Contrast, "contrast", ContrastPlot.Draw(report), 720, 380));
        }

        if (report.Plots.Curve.Points.Count > 0 || report.Plots.Markers.Count > 0)
        {
            plots.Add(Draw(ReportPlot.Curves, "curves", CurvesPlot.Draw(report), 960, 420));
        }

        if (report.Plots.Lanes.Hosts.Count > 0)
        {
            plots.Add(Draw(ReportPlot.FirstFailures, "first-failures", LanesPlot.Draw(report), 960, 170 + (26 * report.Plots.Lanes.Hosts.Count)));
        }

        if (report.Belief.Votes.Count > 0)
        {
            plots.Add(Draw(ReportPlot.Votes, "votes", VotesPlot.Draw(report), 960, 360));
        }

        return plots;
    }

    /// <summary>A label from a log, safe to draw: one line, no escapes, bounded.</summary>
    internal static string Label(string? text, int max = 60) => TerminalText.Sanitize(text, max);

    /// <summary>Common look: sans-serif text, light grid.</summary>
    internal static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, 14);
        return plot;
    }

    internal static double X(DateTimeOffset t) => t.UtcDateTime.ToOADate();

    /// <summary>A time axis at the bottom labelled HH:mm (the date is in the report), with the legend below the plot.</summary>
    internal static void TimeAxisAndLegend(Plot plot, bool legend = true)
    {
        var axis = plot.Axes.DateTimeTicksBottom();
        axis.TickGenerator = new ScottPlot.TickGenerators.DateTimeAutomatic { LabelFormatter = t => t.ToString("HH:mm", Inv) };
        if (legend)
        {
            plot.ShowLegend(Edge.Bottom);
        }
    }

    private static RenderedPlot Draw(ReportPlot which, string name, Plot plot, int width, int height)
    {
        var svg = plot.GetSvgXml(width, height);
        return new RenderedPlot(which, name, Title(which), Prefix(svg, "p-" + name + "-"));
    }

    /// <summary>Drops the XML declaration and prefixes every id (and reference to one) so inline SVGs do not collide.</summary>
    internal static string Prefix(string svg, string prefix)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var body = start > 0 ? svg[start..] : svg;
        return body
            .Replace(" id=\"", " id=\"" + prefix, StringComparison.Ordinal)
            .Replace("url(#", "url(#" + prefix, StringComparison.Ordinal)
            .Replace("href=\"#", "href=\"#" + prefix, StringComparison.Ordinal)
            .Trim() + "\n";
    }

    internal static string Percent(double share) => share.ToString("0.#%", Inv);
}
