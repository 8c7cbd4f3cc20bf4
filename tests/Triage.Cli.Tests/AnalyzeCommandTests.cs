using System.Text.Json;
using Triage.Cli.Tests.Support;
using Triage.Testing;

namespace Triage.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("gpu-fell-off-bus")]
    [InlineData("torch-sum")]
    public async Task Analyze_Sample_PrintsRankedHypotheses(string sample)
    {
        var dir = _cli.CopySample(sample);

        var (code, output, error) = await _cli.RunAsync("analyze", dir);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Approvals.Verify($"analyze-{sample}", _cli.Scrub(output));
    }

    [Theory]
    [InlineData("gpu-fell-off-bus")]
    [InlineData("torch-sum")]
    public async Task Analyze_Json_FollowsTheAnalysisContract(string sample)
    {
        var dir = _cli.CopySample(sample);

        var (code, output, _) = await _cli.RunAsync("analyze", dir, "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("triage.analysis/v1", root.GetProperty("schema").GetString());
        Assert.Equal(sample, root.GetProperty("run").GetString());
        var first = root.GetProperty("hypotheses")[0];
        foreach (var field in new[] { "id", "rank", "title", "category", "factors", "score", "explains", "first_seen", "evidence", "counter_evidence", "next_check", "votes" })
        {
            Assert.True(first.TryGetProperty(field, out _), field);
        }

        Assert.True(root.GetProperty("unexplained").GetProperty("symptoms").GetInt64() >= 0);
        Approvals.Verify($"analyze-{sample}-json", _cli.Scrub(output));
    }

    [Fact]
    public async Task Analyze_UnusableTopology_NamedWithWhy()
    {
        var dir = _cli.CopySample("gpu-fell-off-bus");
        File.WriteAllText(Path.Combine(dir, "topology.yaml"), "cluster: a\nowner: ops\n");

        var (code, output, _) = await _cli.RunAsync("analyze", dir);

        Assert.Equal(0, code);
        Assert.Contains("run metadata not used: topology.yaml: no hosts: expected a list of host mappings", output, StringComparison.Ordinal);
        Assert.Contains("0 files failed, 1 skipped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_Explain_ShowsEvidenceSamplesAndNextCheck()
    {
        var dir = _cli.CopySample("gpu-fell-off-bus");

        var (code, output, _) = await _cli.RunAsync("analyze", dir, "--explain", "1");

        Assert.Equal(0, code);
        Assert.Contains("Evidence:", output, StringComparison.Ordinal);
        Assert.Contains("Next check:", output, StringComparison.Ordinal);
        Assert.Contains("gpu-node-018/kern.log:", output, StringComparison.Ordinal);
        Approvals.Verify("analyze-explain", _cli.Scrub(output));
    }

    [Fact]
    public async Task Analyze_Twice_SameIdsAndNothingNewCollected()
    {
        var dir = _cli.CopySample("gpu-fell-off-bus");
        var (_, first, _) = await _cli.RunAsync("analyze", dir, "--json");

        var (code, second, _) = await _cli.RunAsync("analyze", dir, "--json");

        Assert.Equal(0, code);
        static string[] Ids(string json) => JsonDocument.Parse(json).RootElement.GetProperty("hypotheses").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(Ids(first), Ids(second));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Analyze_UnknownExplainId_ExitsWithUsageAndNamesTheIds()
    {
        var dir = _cli.CopySample("gpu-fell-off-bus");

        var (code, _, error) = await _cli.RunAsync("analyze", dir, "--explain", "h-000000");

        Assert.Equal(2, code);
        Assert.StartsWith("triage: no hypothesis 'h-000000'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_MissingDirectory_ExitsWithUsage()
    {
        var (code, _, error) = await _cli.RunAsync("analyze", "no-such-dir");

        Assert.Equal(2, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
