using System.Text;
using Triage.Collectors.Lines;

namespace Triage.Collectors.Tests.Lines;

public sealed class JsonLogLineTests
{
    [Fact]
    public void TryUnwrap_DockerJsonFileRecord_GivesTheRelayedLine()
    {
        // Docker's json-file driver: the line, escaped, with its newline, then the stream and the time.
        var record = "{\"log\":\"[rank: 0] Received SIGTERM: 15\\n\",\"stream\":\"stderr\",\"time\":\"2025-01-10T15:27:25.123456789Z\"}";

        Assert.True(JsonLogLine.TryUnwrap(Encoding.UTF8.GetBytes(record), out var inner));
        Assert.Equal("[rank: 0] Received SIGTERM: 15", inner);
    }

    [Fact]
    public void TryUnwrap_EscapesAreDecoded()
    {
        var record = "{\"log\":\"torch.cuda.OutOfMemoryError: CUDA out of memory. \\\"x\\\"\\ttab \\u00e9\\n\",\"stream\":\"stdout\"}";

        Assert.True(JsonLogLine.TryUnwrap(Encoding.UTF8.GetBytes(record), out var inner));
        Assert.Equal("torch.cuda.OutOfMemoryError: CUDA out of memory. \"x\"\ttab \u00e9", inner);
    }

    [Theory]
    // A structured logger's own record (level and message) is not the runtime's wrapper.
    [InlineData("{\"level\":\"info\",\"msg\":\"Failed to read pod status, retrying\"}")]
    // A record cut inside its log string.
    [InlineData("{\"log\":\"NCCL WARN NET/IB : Got completion from peer 10.0.0.1<4")]
    // Plain text and an empty log.
    [InlineData("NCCL WARN {\"log\":\"x\"}")]
    [InlineData("{\"log\":\"\\n\",\"stream\":\"stderr\"}")]
    public void TryUnwrap_OtherLines_AreLeftAlone(string line)
    {
        Assert.False(JsonLogLine.TryUnwrap(Encoding.UTF8.GetBytes(line), out var inner));
        Assert.Null(inner);
    }
}
