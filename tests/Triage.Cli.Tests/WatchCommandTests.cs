using System.Text.Json;
using Triage.Alerts.Tests.Support;
using Triage.Cli.Tests.Support;
using Triage.Storage.Elasticsearch.Tests.Support;

namespace Triage.Cli.Tests;

/// <summary><c>triage watch</c> and <c>triage silence</c> through the real CLI, against a real Alertmanager.</summary>
public sealed class WatchCommandTests : IAsyncLifetime
{
    private readonly CliRun _cli = new() { Time = TimeProvider.System };
    private AlertmanagerProcess _am = null!;

    public async Task InitializeAsync() => _am = await AlertmanagerProcess.StartAsync();

    public Task DisposeAsync()
    {
        _am.Dispose();
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task WatchOnce_TorchSum_AlertmanagerGetsTheTopHypothesis_AndASecondOnceSendsNoDuplicate()
    {
        var dir = _cli.CopySample("torch-sum");

        var (code, output, error) = await _cli.RunAsync("watch", dir, "--once", "--alertmanager", _am.Url.AbsoluteUri);

        Assert.True(code == 0, error);
        Assert.Matches(@"pass 1 torch-sum: \+[0-9,]+ new symptoms, [0-9,]+ in all, \d+ first failures, \d+ hypotheses, top h-[0-9a-f]{6} 1\.00; alerts (\d+) firing \(\1 new", output);
        var alerts = await _am.AlertsAsync();
        var top = Assert.Single(alerts, a => a.GetProperty("labels").GetProperty("alertname").GetString() == "TriageTopHypothesis");
        Assert.Contains("data_shard=web-0174", top.GetProperty("annotations").GetProperty("hypothesis_title").GetString(), StringComparison.Ordinal);
        var id = top.GetProperty("labels").GetProperty("hypothesis").GetString();
        Assert.Equal($"triage analyze {dir} --run torch-sum --explain {id}", top.GetProperty("annotations").GetProperty("explain").GetString());
        Assert.Contains($"notifications: {alerts.Length} sent, 0 failed, 0 not sent yet", output, StringComparison.Ordinal);
        Assert.Contains("info  AlertDispatcher: sent to alertmanager:", error, StringComparison.Ordinal);

        var (again, output2, _) = await _cli.RunAsync("watch", dir, "--once", "--alertmanager", _am.Url.AbsoluteUri);

        Assert.Equal(0, again);
        Assert.Contains("notifications: 0 sent, 0 failed, 0 not sent yet", output2, StringComparison.Ordinal);
        var after = await _am.AlertsAsync();
        Assert.Equal(alerts.Length, after.Length);
        Assert.Equal(alerts.Select(Updated).Order(), after.Select(Updated).Order());

        // The explain command the alert carries works as written.
        var (explainCode, explained, _) = await _cli.RunAsync("analyze", dir, "--run", "torch-sum", "--explain", id!);
        Assert.Equal(0, explainCode);
        Assert.StartsWith($"#1  {id}", explained, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_AddedBeforeWatch_KeepsTheAlertFromAlertmanager_ListedAndExpired()
    {
        var dir = _cli.CopySample("torch-sum");

        var (code, added, _) = await _cli.RunAsync("silence", "add", "alertname=TriageTopHypothesis", "run=~torch.*", "--duration", "1h", "--comment", "known bad shard", "--author", "alice");
        Assert.Equal(0, code);
        Assert.Matches("^s-[0-9a-f]{8} silences alertname=TriageTopHypothesis run=~torch.\\* until ", added);
        var id = added.Split(' ')[0];

        var (watched, output, _) = await _cli.RunAsync("watch", dir, "--once", "--alertmanager", _am.Url.AbsoluteUri);

        Assert.Equal(0, watched);
        Assert.Contains("1 silenced", output, StringComparison.Ordinal);
        var alerts = await _am.AlertsAsync();
        Assert.NotEmpty(alerts);
        Assert.DoesNotContain(alerts, a => a.GetProperty("labels").GetProperty("alertname").GetString() == "TriageTopHypothesis");

        var (_, listed, _) = await _cli.RunAsync("silence", "list");
        Assert.Contains($"{id}  active ", listed, StringComparison.Ordinal);
        Assert.Contains("by alice: known bad shard", listed, StringComparison.Ordinal);
        var (expired, _, _) = await _cli.RunAsync("silence", "expire", id);
        Assert.Equal(0, expired);
        Assert.Equal("no silences\n", (await _cli.RunAsync("silence", "list")).Out);

        await _cli.RunAsync("watch", dir, "--once", "--alertmanager", _am.Url.AbsoluteUri);
        Assert.Contains(await _am.AlertsAsync(), a => a.GetProperty("labels").GetProperty("alertname").GetString() == "TriageTopHypothesis");
    }

    [Theory]
    [InlineData(new[] { "silence", "add", "host" }, "'host' is not a label matcher")]
    [InlineData(new[] { "silence", "add", "host=~.*" }, "at least one matcher that does not match everything")]
    [InlineData(new[] { "silence", "expire", "s-nope" }, "no silence 's-nope'")]
    [InlineData(new[] { "watch", ".", "--once", "--interval", "soon" }, "--interval 'soon' is not a duration")]
    [InlineData(new[] { "watch", ".", "--once", "--alertmanager", "ftp://x" }, "--alertmanager 'ftp://x' is not an http(s) URL")]
    [InlineData(new[] { "watch", ".", "--once", "--webhook", "http://u:p@127.0.0.1/" }, "credentials in the URL are not accepted")]
    public async Task BadUsage_OneLineAndExit2(string[] args, string message)
    {
        var (code, _, error) = await _cli.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Watch_Follow_CtrlC_StopsCleanly_AfterItsPasses()
    {
        var dir = _cli.CopySample("torch-sum");
        using var stop = new CancellationTokenSource();
        var output = new PassWriter(stop);

        var (code, text, error) = await _cli.RunAsync(output, stop.Token, "watch", dir, "--interval", "1s", "--webhook", "http://127.0.0.1:9/");

        Assert.True(code == 0, error);
        Assert.Contains("pass 1 torch-sum:", text, StringComparison.Ordinal);
        Assert.Contains("info  Watch: stopped;", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("watch")]
    [InlineData("silence")]
    public async Task ElasticsearchStore_RefusedWithAClearMessage(string command)
    {
        using var cluster = new FakeCluster { Major = 9 };
        var store = "es:" + cluster.Nodes()[0].Uri.AbsoluteUri.TrimEnd('/');
        var dir = _cli.CopySample("torch-sum");
        string[] args = command == "watch" ? ["watch", dir, "--once", "--store", store] : ["silence", "list", "--store", store];

        var (code, output, error) = await _cli.RunAsync(args);

        Assert.Equal(4, code);
        Assert.Equal("", output);
        Assert.Contains("keeps no alert state (the Elasticsearch store does not implement it yet)", error, StringComparison.Ordinal);
        Assert.Contains("need the embedded store (--store sqlite:PATH)", error, StringComparison.Ordinal);
    }

    private static string Updated(JsonElement alert) => alert.GetProperty("fingerprint").GetString() + alert.GetProperty("updatedAt").GetString();

    /// <summary>Stdout that presses Ctrl+C once a pass line has been written.</summary>
    private sealed class PassWriter(CancellationTokenSource stop) : StringWriter
    {
        public override Task WriteLineAsync(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(" pass ", StringComparison.Ordinal) == true)
            {
                stop.Cancel();
            }

            return Task.CompletedTask;
        }
    }
}
