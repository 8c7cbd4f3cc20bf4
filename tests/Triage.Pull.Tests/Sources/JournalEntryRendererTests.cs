using Triage.Pull.Sources;
using Triage.Testing;

namespace Triage.Pull.Tests.Sources;

public sealed class JournalEntryRendererTests
{
    [Fact]
    public void Render_RecordedExport_ShortIsoLinesWithTheEntrysTimeHostAndCursor()
    {
        var lines = File.ReadAllLines(Path.Combine(TestRepository.Data, "pull", "journal", "node-01.jsonl"));

        var xid = JournalEntryRenderer.Render(lines[1], "fallback")!.Value;
        var unit = JournalEntryRenderer.Render(lines[3], "fallback")!.Value;

        Assert.Equal("2026-04-05T11:13:21.234567+00:00 node-01 kernel: NVRM: Xid (PCI:0000:3b:00): 79, pid=2299, name=pt_main, GPU has fallen off the bus.", xid.Text);
        Assert.StartsWith("s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece71;", xid.Resume, StringComparison.Ordinal);
        Assert.Equal("2026-04-05T11:13:22.000001+00:00 node-01 nvidia-persistenced[1811]: device 0000:3b:00.0 - persistence mode disabled.", unit.Text);
    }

    [Fact]
    public void Render_ByteArrayMultiLineAndBadEntries()
    {
        var bytes = """{"__CURSOR":"c1","__REALTIME_TIMESTAMP":"1775387600000000","SYSLOG_IDENTIFIER":"x y","MESSAGE":[104,105,10,116,104,101,114,101]}""";

        var entry = JournalEntryRenderer.Render(bytes, "node-09")!.Value;

        Assert.Equal("2026-04-05T11:13:20.000000+00:00 node-09 x_y: hi\n2026-04-05T11:13:20.000000+00:00 node-09 x_y: there", entry.Text);
        Assert.Null(JournalEntryRenderer.Render("""{"MESSAGE":"no cursor"}""", "n"));
        Assert.Null(JournalEntryRenderer.Render("not json", "n"));
        Assert.Null(JournalEntryRenderer.Render("""{"__CURSOR":"c","__REALTIME_TIMESTAMP":"-5"}""", "n"));
    }

    [Fact]
    public void JournalArguments_SinceAndCursor_EachOneArgumentAndCursorValidated()
    {
        var since = new DateTimeOffset(2026, 4, 5, 12, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal(["-o", "json", "--no-pager", "--quiet", "--utc", "--since", "2026-04-05 10:00:00 UTC"], NodePuller.JournalArguments(since, null));
        Assert.Equal(["-o", "json", "--no-pager", "--quiet", "--utc", "--after-cursor", "s=1;i=2"], NodePuller.JournalArguments(since, "s=1;i=2"));
        Assert.Equal(["-o", "json", "--no-pager", "--quiet", "--utc"], NodePuller.JournalArguments(null, "s=1'; reboot; '"));
    }

    [Theory]
    [InlineData("2026-04-05T10:00:00Z", "2026-04-05T10:00:00.0000000+00:00")]
    [InlineData("2026-04-05 10:00", "2026-04-05T10:00:00.0000000+00:00")]
    [InlineData("2026-04-05T12:00:00+02:00", "2026-04-05T10:00:00.0000000+00:00")]
    [InlineData("90m", "2026-04-06T10:30:00.0000000+00:00")]
    [InlineData("2d", "2026-04-04T12:00:00.0000000+00:00")]
    public void SinceParser_TimesAndAges(string text, string expected)
    {
        var now = new DateTimeOffset(2026, 4, 6, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, SinceParser.Parse(text, now).ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SinceParser_Garbage_UsageError() =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<TriageException>(() => SinceParser.Parse("yesterday; rm", DateTimeOffset.UnixEpoch)).ExitCode);
}
