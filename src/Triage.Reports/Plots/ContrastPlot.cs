using ScottPlot;
using ScottPlot.TickGenerators;
using Triage.Reports.Model;

namespace Triage.Reports.Plots;

/// <summary>Two pairs of bars: the factor value's share of the first failures against its baseline share, and the same for every other value.</summary>
internal static class ContrastPlot
{
    public static Plot Draw(PostMortem report)
    {
        var c = report.Plots.Contrast!;
        var plot = PlotRenderer.NewPlot("Factor contrast of " + PlotRenderer.Label(report.Plots.ContrastHypothesisId, 20));
        var failure = Color.FromHex("#d62728");
        var baseline = Color.FromHex("#7f7f7f");
        var bars = new List<Bar>
        {
            new() { Position = 0, Value = c.FailureShare, FillColor = failure, Label = PlotRenderer.Percent(c.FailureShare) },
            new() { Position = 1, Value = c.Baseline, FillColor = baseline, Label = PlotRenderer.Percent(c.Baseline) },
            new() { Position = 3, Value = 1 - c.FailureShare, FillColor = failure, Label = PlotRenderer.Percent(1 - c.FailureShare) },
            new() { Position = 4, Value = 1 - c.Baseline, FillColor = baseline, Label = PlotRenderer.Percent(1 - c.Baseline) },
        };
        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [0.5, 3.5],
            [PlotRenderer.Label(c.Factor.ToString(), 48), "every other " + PlotRenderer.Label(c.Factor.Key, 32)]);
        plot.Axes.Left.TickGenerator = new NumericManual([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"]);
        plot.Axes.SetLimitsY(0, 1.12);
        plot.YLabel("share");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"share of first failures ({c.Failures} of {c.Tested})", FillColor = failure });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "baseline share: " + PlotRenderer.Label(c.Unit, 60), FillColor = baseline });
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
