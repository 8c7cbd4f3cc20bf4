using Triage.Runs;

namespace Triage.Collectors.Tests.RunMetadata;

public sealed class SlurmHostListTests
{
    [Theory]
    [InlineData("node-001", "node-001")]
    [InlineData("node-[001-003]", "node-001 node-002 node-003")]
    [InlineData("node-[08-10,12],login", "node-08 node-09 node-10 node-12 login")]
    [InlineData("r[1-2]n[1-2]", "r1n1 r1n2 r2n1 r2n2")]
    public void TryExpand_HostList_Names(string list, string expected)
    {
        Assert.True(SlurmHostList.TryExpand(list, out var hosts));

        Assert.Equal(expected.Split(' '), hosts);
    }

    [Theory]
    [InlineData("node-[3-1]")]
    [InlineData("node-[1-")]
    [InlineData("node-[a-b]")]
    [InlineData("node-]")]
    [InlineData("n[0-999999999]")]
    [InlineData("")]
    public void TryExpand_Malformed_False(string list)
    {
        Assert.False(SlurmHostList.TryExpand(list, out _));
    }
}
