using ScottPlot;
using Triage.Hypotheses;
using Triage.Reports.Model;

namespace Triage.Reports.Plots;

/// <summary>Net votes of each hypothesis after every vote cast (a step line per hypothesis), with confirms and rejects as vertical lines.</summary>
internal static class VotesPlot
{
    private static readonly string[] Palette = ["#2ca02c", "#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

    public static Plot Draw(PostMortem report)
    {
        var plot = PlotRenderer.NewPlot("Belief: net votes over time");
        var votes = report.Belief.Votes;
        var current = new Dictionary<(string, string), int>();
        var series = new Dictionary<string, List<(double X, double Y)>>(StringComparer.Ordinal);
        foreach (var v in votes)
        {
            current[(v.HypothesisId, v.Voter)] = v.Vote;
            var net = current.Where(kv => kv.Key.Item1 == v.HypothesisId).Sum(kv => Math.Sign(kv.Value));
            if (!series.TryGetValue(v.HypothesisId, out var list))
            {
                series[v.HypothesisId] = list = [(PlotRenderer.X(v.At) - 1e-6, 0)];
            }

            list.Add((PlotRenderer.X(v.At), net));
        }

        var end = votes.Select(v => v.At).Concat(report.Hypotheses.Select(h => h.Decision?.At).OfType<DateTimeOffset>()).Max();
        var i = 0;
        foreach (var (id, list) in series.OrderBy(s => report.Find(s.Key)?.Rank is > 0 and var r ? r : int.MaxValue).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            list.Add((PlotRenderer.X(end), list[^1].Y));
            var line = plot.Add.Scatter(list.Select(p => p.X).ToArray(), list.Select(p => p.Y).ToArray(), Color.FromHex(Palette[i++ % Palette.Length]));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.MarkerSize = 5;
            var h = report.Find(id);
            line.LegendText = PlotRenderer.Label(h is null ? id : $"#{h.Rank} {h.Id}" + (id == report.Belief.ConfirmedId ? " (confirmed)" : string.Empty), 40);
        }

        foreach (var decided in report.Hypotheses.Where(h => h.Decision is not null))
        {
            var confirm = decided.Decision!.Kind == ReviewKind.Confirm;
            var line = plot.Add.VerticalLine(PlotRenderer.X(decided.Decision.At), 1.5f, Color.FromHex(confirm ? "#2ca02c" : "#d62728"), LinePattern.Dashed);
            line.LegendText = PlotRenderer.Label($"{(confirm ? "confirmed" : "rejected")} #{decided.Hypothesis.Rank} by {decided.Decision.Author}", 50);
        }

        PlotRenderer.TimeAxisAndLegend(plot);
        plot.XLabel("time (UTC)");
        plot.YLabel("net votes (for − against)");
        return plot;
    }
}
