using Markdig;
using Triage.Hypotheses;
using Triage.Reports.Model;
using Triage.Reports.Plots;
using Triage.Reports.Rendering;
using Triage.Reports.Tests.Support;

namespace Triage.Reports.Tests;

/// <summary>
/// Hostile log lines (a script tag, an image with onerror, terminal escapes and a window-title OSC)
/// collected with the sample, plus a hostile note and engineer name: no output may carry markup,
/// script or an escape sequence from them, and the page must not run anything.
/// </summary>
public sealed class InjectionTests : IAsyncLifetime
{
    private const string Esc = "\u001b";

    private static readonly string[] Hostile =
    [
        "[rank3]: RuntimeError: CUDA error: an illegal memory access was encountered <script>document.title='pwned-script'</script>",
        $"2026-04-05T10:20:00Z ERROR worker <img src=x onerror=\"document.title='pwned-img'\"> {Esc}[31mred{Esc}[0m {Esc}]0;evil title\u0007 | ![x](javascript:alert(1)) [link](http://evil) failed",
        "2026-04-05T10:20:01Z ERROR worker <b>bold</b> </table></td><script>alert(1)</script> failed badly",
    ];

    private Ledger _ledger = null!;
    private PostMortem _report = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _ledger = await Ledger.AnalyzeAsync(tamper: dir =>
        {
            Directory.CreateDirectory(Path.Combine(dir, "node-009"));
            File.WriteAllText(Path.Combine(dir, "node-009", "torchrun.log"), string.Join('\n', Hostile) + "\n");
        });
        await _ledger.ReviewAsync(noteText: "see <script>alert('note')</script> and " + Esc + "[2J", dissenter: "<img src=x onerror=alert(1)>");
        _report = await _ledger.BuildAsync();
        _dir = Path.Combine(_ledger.Work, "out");
    }

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    [Fact]
    public void Report_HostileLines_AreInTheReport()
    {
        // The test is only worth something if the hostile text reached the report.
        var lines = _report.RawLines.SelectMany(k => k.Lines).Select(l => l.Text).ToList();
        Assert.Contains(lines, l => l.Contains("<script>", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("onerror", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(Esc, StringComparison.Ordinal));
    }

    [Fact]
    public void Html_HostileLines_EscapedNoMarkupNoEscapes()
    {
        var html = HtmlRenderer.Render(_report, PlotRenderer.Render(_report));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Esc, html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;document.title=&#39;pwned-script&#39;&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=&quot;document.title=&#39;pwned-img&#39;&quot;&gt; red", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_InChromium_NothingFromTheLogsRuns()
    {
        var file = Path.Combine(_dir, "report.html");
        await ReportWriter.WriteAsync(_report, ReportFormatKind.Html, file, TextWriter.Null);

        var dom = await Chromium.DumpDomAsync(file);

        Assert.Contains("<title>Post-mortem: torch-sum</title>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned", dom.Split("</title>")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("document.title='pwned-script'", System.Net.WebUtility.HtmlDecode(dom), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_HostileLines_RenderAsTextNotHtml()
    {
        var markdown = MarkdownRenderer.Render(_report, new Dictionary<ReportPlot, string> { [ReportPlot.Curves] = "r.curves.svg" });

        Assert.DoesNotContain(Esc, markdown, StringComparison.Ordinal);
        var html = Markdown.ToHtml(markdown, new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html.Replace("(javascript:alert(1))", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http://evil", html, StringComparison.Ordinal);
        // The only image is the plot.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<img "));
        Assert.Contains("<img src=\"r.curves.svg\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HostileLines_KeptAsDataAndValidJson()
    {
        var json = ReportJson.Render(_report);

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Contains(doc.RootElement.GetProperty("raw_lines").EnumerateArray().SelectMany(k => k.GetProperty("lines").EnumerateArray()),
            l => l.GetProperty("text").GetString()!.Contains("<script>", StringComparison.Ordinal));
    }

    [Fact]
    public void Svg_HostileLabels_Escaped()
    {
        var hostile = _report with
        {
            Plots = _report.Plots with
            {
                Contrast = new FactorContrast(new Factor("data_shard", "<script>alert(1)</script>" + Esc + "[31m"), 3, 4, 0.1, "<img src=x onerror=alert(2)>"),
                Lanes = _report.Plots.Lanes with { Hosts = [.. _report.Plots.Lanes.Hosts] },
            },
        };

        var plots = PlotRenderer.Render(hostile);

        Assert.All(plots, p =>
        {
            Assert.DoesNotContain("<script", p.Svg, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", p.Svg, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Esc, p.Svg, StringComparison.Ordinal);
        });
        Assert.Contains("&lt;script&gt;", plots.Single(p => p.Plot == ReportPlot.Contrast).Svg, StringComparison.Ordinal);
    }
}
