using Triage.Pull.Hosts;

namespace Triage.Pull.Tests.Hosts;

public sealed class HostListParserTests
{
    [Fact]
    public void ParseList_NamesAndAddresses_EachNodeAsWritten()
    {
        var nodes = HostListParser.ParseList("node-a=127.0.0.1:2222, gpu-017,node-c=[::1]:22 node-d=fe80::1");

        Assert.Equal(
            [new NodeSpec("node-a", "127.0.0.1", 2222), new NodeSpec("gpu-017", "gpu-017", null), new NodeSpec("node-c", "::1", 22), new NodeSpec("node-d", "fe80::1", null)],
            nodes);
    }

    [Theory]
    [InlineData("node-a=127.0.0.1:99999", "port")]
    [InlineData("node/a", "node name")]
    [InlineData("node-a=host;rm", "not a host name")]
    [InlineData("node-a=x,node-a=y", "listed twice")]
    [InlineData(" , ", "no hosts")]
    [InlineData("a=[::1", "closing")]
    public void ParseList_Malformed_UsageErrorSaysWhy(string list, string why)
    {
        var error = Assert.Throws<TriageException>(() => HostListParser.ParseList(list));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_CommentsAndMpiSlots_Ignored()
    {
        var nodes = HostListParser.ParseFile("# rack 3\nnode-001 slots=8\n\nnode-002=10.0.0.2  # spare\n", "hosts.txt");

        Assert.Equal(["node-001", "node-002"], nodes.Select(n => n.Name));
        Assert.Equal("10.0.0.2", nodes[1].Address);
    }

    [Fact]
    public void SshConfig_FirstValueWinsAndPatternsMatch()
    {
        var config = SshConfigFile.Parse("""
            Host gpu-* !gpu-bad
              HostName %h.cluster.example
              User ops
              IdentityFile ~/.ssh/cluster_key
            Host *
              User nobody
              Port 2200
              IdentityFile ~/.ssh/id_ed25519
            Match host x
              User ignored
            """, "/home/me");

        var gpu = config.For("gpu-017");
        var bad = config.For("gpu-bad");

        Assert.Equal(("gpu-017.cluster.example", 2200, "ops"), (gpu.HostName, gpu.Port, gpu.User));
        Assert.Equal(["/home/me/.ssh/cluster_key", "/home/me/.ssh/id_ed25519"], gpu.IdentityFiles);
        Assert.Null(bad.HostName);
        Assert.Equal("nobody", bad.User);
    }
}
