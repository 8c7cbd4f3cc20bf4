using System.Text.RegularExpressions;
using Triage.Reports.Plots;
using Triage.Reports.Rendering;
using Triage.Reports.Tests.Support;
using Triage.Testing;

namespace Triage.Reports.Tests;

/// <summary>The HTML post-mortem of samples/torch-sum, opened in headless Chromium as a reader would.</summary>
public sealed partial class HtmlReportTests : IClassFixture<ReviewedLedgerFixture>, IDisposable
{
    private readonly ReviewedLedgerFixture _fixture;
    private readonly string _dir = Directory.CreateTempSubdirectory("triage-html-").FullName;

    public HtmlReportTests(ReviewedLedgerFixture fixture) => _fixture = fixture;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Html_InChromium_ShowsTopHypothesisFactorAndFourSvgPlots()
    {
        var file = Path.Combine(_dir, "report.html");
        await ReportWriter.WriteAsync(_fixture.Report, ReportFormatKind.Html, file, TextWriter.Null);

        var dom = await Chromium.DumpDomAsync(file);

        Assert.Contains("<title>Post-mortem: torch-sum</title>", dom, StringComparison.Ordinal);
        Assert.Contains("Data-dependent fault triggered by data_shard=web-0174", dom, StringComparison.Ordinal);
        Assert.Contains("<code>data_shard=web-0174</code>", dom, StringComparison.Ordinal);
        foreach (var plot in new[] { "contrast", "curves", "first-failures", "votes" })
        {
            // Each plot is in the page as an SVG that has drawn paths and text.
            var figure = FigureOf(plot).Match(dom);
            Assert.True(figure.Success, $"plot {plot} is not in the page");
            Assert.Contains("<path", figure.Value, StringComparison.Ordinal);
            Assert.Contains("<text", figure.Value, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Html_FirstScreen_ScreenshotIsAPicture()
    {
        var file = Path.Combine(_dir, "report.html");
        await ReportWriter.WriteAsync(_fixture.Report, ReportFormatKind.Html, file, TextWriter.Null);
        var png = Path.Combine(_dir, "first-screen.png");

        await Chromium.ScreenshotAsync(file, png, 1280, 900);

        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(1280, ReadBigEndian(bytes, 16));
        Assert.Equal(900, ReadBigEndian(bytes, 20));
        Assert.True(bytes.Length > 30_000, $"a {bytes.Length}-byte screenshot is too plain to hold the report's first screen");

        // The README shows this screenshot; TRIAGE_APPROVE=1 (which approves the approved files) refreshes it.
        if (Environment.GetEnvironmentVariable("TRIAGE_APPROVE") == "1")
        {
            File.Copy(png, Path.Combine(TestRepository.Root, "docs", "report-torch-sum.png"), overwrite: true);
        }
    }

    [Fact]
    public void Html_SelfContained_NoScriptNoExternalReference()
    {
        var html = HtmlRenderer.Render(_fixture.Report, PlotRenderer.Render(_fixture.Report));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    private static int ReadBigEndian(byte[] bytes, int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    private static Regex FigureOf(string name) => new($"<figure class=\"plot\" id=\"plot-{name}\">\\s*<svg.*?</svg>", RegexOptions.Singleline);

    [GeneratedRegex("(src|href)=\"(https?:|//)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
