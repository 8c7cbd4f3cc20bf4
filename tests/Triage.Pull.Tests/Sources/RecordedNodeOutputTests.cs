using Triage.Pull.Sources;
using Triage.Testing;

namespace Triage.Pull.Tests.Sources;

/// <summary>journalctl and coredumpctl outputs printed by real systems and published by others (tests/data/pull/recorded, sources in its README).</summary>
public sealed class RecordedNodeOutputTests
{
    private static readonly string Data = Path.Combine(TestRepository.Data, "pull", "recorded");

    [Fact]
    public void Render_JournalctlJsonOfSystemd218WithSpacedSeparators_EntrysTimeHostIdentPidAndCursor()
    {
        var line = Assert.Single(File.ReadAllLines(Path.Combine(Data, "journal", "digitalocean-nginx-systemd.jsonl")));

        var entry = JournalEntryRenderer.Render(line, "fallback")!.Value;

        Assert.Equal("2015-02-03T19:06:04.739502+00:00 desktop systemd[1]: Starting A high performance web server and a reverse proxy server...", entry.Text);
        Assert.Equal("s=13a21661cf4948289c63075db6c25c00;i=116f1;b=81b58db8fd9046ab9f847ddb82a2fa2d;m=19f0daa;t=50e33c33587ae;x=e307daadb4858635", entry.Resume);
        Assert.True(NodePuller.IsCursor(entry.Resume));
    }

    [Fact]
    public void Render_FieldsGivenMoreThanOnce_FirstValueShownNotDropped()
    {
        // journalctl -o json writes a field an entry has several times as an array of its values, each a string
        // or (not UTF-8) an array of bytes (systemd d99ae53, "properly serialize fields with multiple values into JSON").
        const string Line = """{"__CURSOR":"c","__REALTIME_TIMESTAMP":"1422990364739502","_HOSTNAME":["desktop","desktop2"],"SYSLOG_IDENTIFIER":["app","app2"],"MESSAGE":["uiui",[104,105]]}""";

        var entry = JournalEntryRenderer.Render(Line, "fallback")!.Value;

        Assert.Equal("2015-02-03T19:06:04.739502+00:00 desktop app: uiui", entry.Text);
    }

    [Fact]
    public void Parse_CoredumpctlJsonShortWithMissingCoreAndNullSize_OnlyThePresentDumpWithItsMicrosecondTime()
    {
        var (dumps, problem) = CoredumpctlSource.Parse(File.ReadAllText(Path.Combine(Data, "coredumpctl", "scylla-cluster-tests-json-short.json")));

        Assert.Null(problem);
        var dump = Assert.Single(dumps);
        Assert.Equal(6755, dump.Pid);
        Assert.Equal(new DateTimeOffset(2022, 11, 27, 21, 48, 10, TimeSpan.Zero).AddTicks(9012440), dump.Time);
    }

    [Theory]
    [InlineData("journal", true)]
    [InlineData("truncated", true)]
    [InlineData("present", true)]
    [InlineData("missing", false)]
    [InlineData("inaccessible", false)]
    [InlineData("none", false)]
    public void Parse_CorefileStates_DumpsCoredumpctlCanStillGive(string corefile, bool listed)
    {
        // the COREFILE values coredumpctl.c (print_list) prints; Storage=journal keeps the core inside the journal
        var json = $$"""[{"time":1669585690901244,"pid":6755,"uid":112,"gid":118,"sig":6,"corefile":"{{corefile}}","exe":"/opt/scylladb/libexec/scylla","size":null}]""";

        Assert.Equal(listed ? 1 : 0, CoredumpctlSource.Parse(json).Dumps.Count);
    }

    [Fact]
    public void Parse_CoredumpctlTableInsteadOfJson_SaysWhyNothingWasRead()
    {
        var (dumps, problem) = CoredumpctlSource.Parse(File.ReadAllText(Path.Combine(Data, "coredumpctl", "myblackhole-list-table.txt")));

        Assert.Empty(dumps);
        Assert.StartsWith("coredumpctl list did not print the --json=short array: 'TIME", problem, StringComparison.Ordinal);
        Assert.Null(CoredumpctlSource.Parse(string.Empty).Problem);
    }
}
