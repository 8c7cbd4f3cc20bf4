using ScottPlot;
using Triage.Reports.Model;

namespace Triage.Reports.Plots;

/// <summary>Loss (left axis) and grad norm (right axis) over time; events as vertical lines, one legend entry per kind.</summary>
internal static class CurvesPlot
{
    public static Plot Draw(PostMortem report)
    {
        var plot = PlotRenderer.NewPlot("Loss and grad norm");
        var points = report.Plots.Curve.Points.Where(p => p.Time is not null).ToList();
        var loss = points.Where(p => p.Name == "loss" && double.IsFinite(p.Value)).OrderBy(p => p.Time).ToList();
        var grad = points.Where(p => p.Name == "grad_norm" && double.IsFinite(p.Value)).OrderBy(p => p.Time).ToList();
        if (loss.Count > 0)
        {
            var line = plot.Add.ScatterLine(loss.Select(p => PlotRenderer.X(p.Time!.Value)).ToArray(), loss.Select(p => p.Value).ToArray(), Color.FromHex("#1f77b4"));
            line.LegendText = "loss";
            line.LineWidth = 1.5f;
        }

        if (grad.Count > 0)
        {
            var line = plot.Add.ScatterLine(grad.Select(p => PlotRenderer.X(p.Time!.Value)).ToArray(), grad.Select(p => p.Value).ToArray(), Color.FromHex("#ff7f0e").WithOpacity(0.8));
            line.LegendText = "grad norm (right axis)";
            line.LineWidth = 1;
            line.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "grad norm";
        }

        // A NaN or infinity the metrics logged is an event too.
        var events = report.Plots.Markers.ToList();
        events.AddRange(points.Where(p => !double.IsFinite(p.Value)).Select(p => new CurveMarker(p.Time!.Value, MarkerKind.NaN, $"{p.Name} {p.Value}")));
        var styles = new Dictionary<MarkerKind, (string Legend, Color Color, LinePattern Pattern, float Width)>
        {
            [MarkerKind.Restart] = ("restart", Color.FromHex("#555555"), LinePattern.Dashed, 1.5f),
            [MarkerKind.Crash] = ("first failure", Color.FromHex("#d62728").WithOpacity(0.7), LinePattern.Solid, 1),
            [MarkerKind.Hang] = ("hang (steps stopped)", Color.FromHex("#8c564b"), LinePattern.Dotted, 1.5f),
            [MarkerKind.NaN] = ("NaN / overflow", Color.FromHex("#9467bd"), LinePattern.Dotted, 2),
            [MarkerKind.Spike] = ("spike", Color.FromHex("#bcbd22"), LinePattern.Dashed, 2),
        };
        foreach (var group in events.GroupBy(e => e.Kind).OrderBy(g => g.Key))
        {
            var (legend, color, pattern, width) = styles[group.Key];
            var first = true;
            foreach (var e in group)
            {
                var line = plot.Add.VerticalLine(PlotRenderer.X(e.At), width, color, pattern);
                line.LegendText = first ? legend : string.Empty;
                line.ExcludeFromLegend = !first;
                first = false;
            }
        }

        PlotRenderer.TimeAxisAndLegend(plot);
        plot.XLabel("time (UTC)");
        plot.YLabel("loss");
        return plot;
    }
}
