using System.Text.Json;
using Triage.Cli.Tests.Support;

namespace Triage.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Report_RunDirectory_MarkdownOnStdoutNamesTopHypothesisAndFactor()
    {
        var dir = _cli.CopySample("torch-sum");

        var (code, output, error) = await _cli.RunAsync("report", dir);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.StartsWith("# Post-mortem: torch-sum\n", output, StringComparison.Ordinal);
        Assert.Contains("**Most likely cause (unconfirmed", output, StringComparison.Ordinal);
        Assert.Contains("Data-dependent fault triggered by data_shard=web-0174", output, StringComparison.Ordinal);
        Assert.Contains("Trigger: `data_shard=web-0174`", output, StringComparison.Ordinal);
        Assert.Contains("*Plots are written beside the Markdown when it goes to a file", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_MarkdownToFile_PlotsWrittenBesideAndLinked()
    {
        var dir = _cli.CopySample("torch-sum");

        var (code, output, error) = await _cli.RunAsync("report", dir, "--out", "out/pm.md");

        Assert.True(code == 0, error);
        var md = File.ReadAllText(Path.Combine(_cli.WorkDir, "out", "pm.md"));
        foreach (var plot in new[] { "contrast", "curves", "first-failures" })
        {
            var svg = Path.Combine(_cli.WorkDir, "out", $"pm.{plot}.svg");
            Assert.True(File.Exists(svg), plot);
            Assert.Contains($"](pm.{plot}.svg)", md, StringComparison.Ordinal);
            Assert.Contains("wrote " + svg, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Report_HtmlByRunName_AfterAnalyze_WritesDefaultFileWithSvgAndNoScript()
    {
        var dir = _cli.CopySample("torch-sum");
        var analyzed = await _cli.RunAsync("analyze", dir, "--run", "incident-7");
        Assert.True(analyzed.Code == 0, analyzed.Error);

        var (code, output, error) = await _cli.RunAsync("report", "incident-7", "--format", "html");

        Assert.True(code == 0, error);
        var file = Path.Combine(_cli.WorkDir, "incident-7.report.html");
        Assert.Equal("wrote " + file + "\n", output);
        var html = File.ReadAllText(file);
        Assert.Contains("data_shard=web-0174", html, StringComparison.Ordinal);
        Assert.True(html.Split("<svg").Length - 1 >= 2, "the page holds SVG plots");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no run facts", html, StringComparison.Ordinal); // a run known only by name has no run.yaml to read
    }

    [Fact]
    public async Task Report_Json_FollowsTheReportContract()
    {
        var dir = _cli.CopySample("torch-sum");

        var (code, output, _) = await _cli.RunAsync("report", dir, "--format", "json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("triage.report/v1", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal("data_shard", doc.RootElement.GetProperty("plots").GetProperty("contrast").GetProperty("key").GetString());
    }

    [Fact]
    public async Task Report_UnknownRun_UsageErrorInOneLine()
    {
        var (code, _, error) = await _cli.RunAsync("report", "no-such-run");

        Assert.Equal(2, code);
        Assert.Equal("triage: run 'no-such-run' has no hypotheses in the store: run 'triage analyze RUN_DIR' first, or pass the run directory\n", error);
    }
}
