namespace Triage.Reports.Plots;

/// <summary>One plot drawn as SVG.</summary>
/// <param name="Plot">Which plot.</param>
/// <param name="Name">Its short name, used in file names (<c>REPORT.NAME.svg</c>).</param>
/// <param name="Title">What it shows, as a caption and alt text.</param>
/// <param name="Svg">The SVG document (no XML declaration), ids prefixed so several can share one HTML page.</param>
public sealed record RenderedPlot(ReportPlot Plot, string Name, string Title, string Svg);
