using System.Globalization;
using Triage.Collectors.Lines;

namespace Triage.Collectors.Tests.Lines;

/// <summary><c>dmesg -x</c> facility/level prefixes, with and without the iso stamp.</summary>
public sealed class DmesgLevelPrefixTests
{
    [Fact]
    public void Parse_DecodedIsoLine_KeepsLevelAndTime()
    {
        // https://github.com/leptonai/gpud/pull/338
        const string Line = "kern  :err   : 2025-01-25T10:34:54,859532+00:00 nvidia-nvswitch1: SXid (PCI:0000:84:00.0): 12028, Data {0x000001c0, 0x00bd5c8a, 0x00000500, 0x00000064, 0x00000000, 0x40008000, 0x5a001100, 0x00000000, 0x00000000}";
        var info = new LineParser(DateTimeOffset.Parse("2025-01-26T00:00:00Z", CultureInfo.InvariantCulture)).Parse(Line);

        Assert.StartsWith("nvidia-nvswitch1: SXid", Line[info.ContentStart..], StringComparison.Ordinal);
        Assert.Equal(LineLevel.Error, info.Level);
        Assert.Equal(new DateTimeOffset(2025, 1, 25, 10, 34, 54, TimeSpan.Zero).AddTicks(8595320), info.Timestamp);
    }

    [Theory]
    [InlineData("kern  :warn  : [ 1843.308145] NVRM: GPU at PCI:0000:b3:00: GPU-1", "Warning", "NVRM: GPU at PCI:0000:b3:00: GPU-1")]
    [InlineData("syslog:err   : rsyslogd: imjournal: journal files changed", "Error", "rsyslogd: imjournal: journal files changed")]
    [InlineData("kern  :info  : [Fri Aug 30 11:43:09 2024] nvidia-peermem: module verification failed", "Info", "nvidia-peermem: module verification failed")]
    public void Parse_DecodedLine_HandsTheRestToTheNextLayer(string line, string level, string content)
    {
        // Shapes of dmesg -x (util-linux) output around real kernel messages; the stamp after the prefix is
        // dmesg's own uptime or -T stamp, read by the next layer.
        var info = new LineParser(DateTimeOffset.Parse("2025-01-26T00:00:00Z", CultureInfo.InvariantCulture)).Parse(line);

        Assert.Equal(content, line[info.ContentStart..]);
        Assert.Equal(level, info.Level.ToString());
    }

    [Theory]
    [InlineData("kernel: foo")]
    [InlineData("kern: err: x")]
    [InlineData("user  :bogus : x")]
    public void Parse_NotAPrefix_LeavesTheLine(string line)
    {
        var info = new LineParser(DateTimeOffset.Parse("2025-01-26T00:00:00Z", CultureInfo.InvariantCulture)).Parse(line);

        Assert.Equal(LineLevel.None, info.Level);
    }
}
