using System.Text;
using Triage.Reports.Model;
using Triage.Reports.Plots;
using Triage.Reports.Rendering;

namespace Triage.Reports;

/// <summary>
/// Writes a <see cref="PostMortem"/> in one format: Markdown or JSON to a writer (stdout) or a file;
/// Markdown written to a file gets its plots as SVG files beside it (<c>STEM.NAME.svg</c>, linked
/// relatively); HTML always goes to a file, plots inline. Files are written whole (UTF-8, no BOM)
/// and replaced if they exist. Thread-safe (stateless).
/// </summary>
public static class ReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <paramref name="report"/> as <paramref name="format"/> to <paramref name="path"/>, or to
    /// <paramref name="output"/> when the path is null (Markdown and JSON only). Returns the files written.
    /// </summary>
    /// <exception cref="ArgumentException">HTML without a path.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static async Task<IReadOnlyList<string>> WriteAsync(PostMortem report, ReportFormatKind format, string? path, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        switch (format)
        {
            case ReportFormatKind.Json:
                return await EmitAsync(ReportJson.Render(report), path, output, cancellationToken).ConfigureAwait(false);
            case ReportFormatKind.Html:
                ArgumentException.ThrowIfNullOrEmpty(path);
                return await EmitAsync(HtmlRenderer.Render(report, PlotRenderer.Render(report)), path, output, cancellationToken).ConfigureAwait(false);
            default:
                if (path is null)
                {
                    return await EmitAsync(MarkdownRenderer.Render(report, null), null, output, cancellationToken).ConfigureAwait(false);
                }

                var written = new List<string>();
                var files = new Dictionary<ReportPlot, string>();
                var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
                var stem = Path.GetFileNameWithoutExtension(path);
                Directory.CreateDirectory(directory);
                foreach (var plot in PlotRenderer.Render(report))
                {
                    var name = $"{stem}.{plot.Name}.svg";
                    var file = Path.Combine(directory, name);
                    await File.WriteAllTextAsync(file, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + plot.Svg, Utf8, cancellationToken).ConfigureAwait(false);
                    files[plot.Plot] = name;
                    written.Add(file);
                }

                written.InsertRange(0, await EmitAsync(MarkdownRenderer.Render(report, files), path, output, cancellationToken).ConfigureAwait(false));
                return written;
        }
    }

    private static async Task<IReadOnlyList<string>> EmitAsync(string text, string? path, TextWriter output, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            await output.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return [];
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
        await File.WriteAllTextAsync(full, text, Utf8, cancellationToken).ConfigureAwait(false);
        return [full];
    }
}
