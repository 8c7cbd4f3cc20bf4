using ScottPlot;
using ScottPlot.TickGenerators;
using Triage.Reports.Model;

namespace Triage.Reports.Plots;

/// <summary>
/// Swim lanes: one row per host, shaded by how many symptoms it logged per time bucket (a heat strip),
/// with its first failures as markers coloured by kind.
/// </summary>
internal static class LanesPlot
{
    private static readonly string[] Palette = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

    public static Plot Draw(PostMortem report)
    {
        var lanes = report.Plots.Lanes;
        var plot = PlotRenderer.NewPlot("First failures per host");
        var row = lanes.Hosts.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => -x.i, StringComparer.Ordinal);
        var max = lanes.Density.Count == 0 ? 1 : lanes.Density.Max(d => d.Count);
        var width = TimeSpan.FromSeconds(lanes.BucketSeconds);
        var shade = Color.FromHex("#7f7f7f");
        foreach (var (host, at, count) in lanes.Density)
        {
            var y = row[host];
            var rect = plot.Add.Rectangle(PlotRenderer.X(at), PlotRenderer.X(at + width), y - 0.4, y + 0.4);
            rect.FillColor = shade.WithOpacity(0.08 + (0.5 * Math.Log(1 + count) / Math.Log(1 + max)));
            rect.LineWidth = 0;
        }

        var kinds = lanes.Failures.Select(f => f.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        for (var k = 0; k < kinds.Count; k++)
        {
            var mine = lanes.Failures.Where(f => f.Kind == kinds[k]).ToList();
            var markers = plot.Add.Markers(
                mine.Select(f => PlotRenderer.X(f.At)).ToArray(),
                mine.Select(f => (double)row[f.Host]).ToArray(),
                MarkerShape.FilledCircle,
                9,
                Color.FromHex(Palette[k % Palette.Length]));
            markers.LegendText = PlotRenderer.Label(kinds[k], 40);
        }

        plot.Axes.Left.TickGenerator = new NumericManual(
            lanes.Hosts.Select(h => (double)row[h]).ToArray(),
            lanes.Hosts.Select(h => PlotRenderer.Label(h, 24)).ToArray());
        plot.Axes.SetLimitsY(-lanes.Hosts.Count + 0.4, 0.6);
        PlotRenderer.TimeAxisAndLegend(plot, kinds.Count > 0);
        plot.XLabel("time (UTC); shading: symptoms per " + (lanes.BucketSeconds % 60 == 0 ? $"{lanes.BucketSeconds / 60} min" : $"{lanes.BucketSeconds} s"));
        return plot;
    }
}
