using System.Text.Json;
using Triage.Cli.Tests.Support;
using Triage.Testing;

namespace Triage.Cli.Tests;

public sealed class TemplatesCommandTests : IDisposable
{
    private static readonly string Loghub = Path.Combine(TestRepository.Data, "loghub-2k");
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Eval_LoghubSample_TablePerSystemAndAverage()
    {
        var (code, output, error) = await _cli.RunAsync("templates", "eval", Loghub);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Approvals.Verify("templates-eval", output);
    }

    [Fact]
    public async Task Eval_Json_EightSystemsAndAverageAboveTargets()
    {
        var (code, output, _) = await _cli.RunAsync("templates", "eval", Loghub, "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("triage.templates-eval/v1", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal(8, doc.RootElement.GetProperty("systems").GetArrayLength());
        var average = doc.RootElement.GetProperty("average");
        Assert.True(average.GetProperty("ga").GetDouble() >= 0.98);
        Assert.True(average.GetProperty("fga").GetDouble() >= 0.95);
    }

    [Fact]
    public async Task Eval_FolderWithoutSystems_ExitTwo()
    {
        var (code, _, error) = await _cli.RunAsync("templates", "eval", _cli.WorkDir);

        Assert.Equal(2, code);
        Assert.Contains("no Loghub systems", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AfterCollect_TemplatesOfUnknownLinesWithStableIds()
    {
        var sample = _cli.CopySample("gpu-fell-off-bus");
        await _cli.RunAsync("collect", sample);

        var (code, output, error) = await _cli.RunAsync("templates", "list", "--run", "gpu-fell-off-bus");

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.StartsWith("ID ", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^t[0-9a-f]{16} ", output);
        Approvals.Verify("templates-list", output);
    }

    [Fact]
    public async Task List_EmptyStore_SaysSo()
    {
        var (code, output, _) = await _cli.RunAsync("templates", "list");

        Assert.Equal(0, code);
        Assert.Equal("no unknown-line templates in the store\n", output);
    }

    [Fact]
    public async Task Analyze_SimulatedUnknownMessage_TopHypothesisNamesItsTemplate()
    {
        var run = Path.Combine(_cli.WorkDir, "unknown-mini");
        // Default scale (64 ranks, 4 h). At 32 ranks and 2 h the hang's own cascade ranks first (see README, "Left, and why").
        var (simulated, _, simError) = await _cli.RunAsync("simulate", "unknown-msg", "--out", run);
        Assert.True(simulated == 0, simError);

        var (code, output, _) = await _cli.RunAsync("analyze", run, "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var top = doc.RootElement.GetProperty("hypotheses")[0];
        var factor = Assert.Single(top.GetProperty("factors").EnumerateArray());
        Assert.Equal("template", factor.GetProperty("key").GetString());
        const string template = "[<*> <*>] ckptfs.client: [ERROR] ckptfs: lease renewal failed for chunk <*> after <*> <*> (server <*>, gen <*>), serving stale pages";
        Assert.Equal(Triage.Symptoms.TemplateIds.Of(template), factor.GetProperty("value").GetString());
        Assert.Contains("Error no rule knows", top.GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}
