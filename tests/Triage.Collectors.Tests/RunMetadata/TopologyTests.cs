using Triage.Collectors.RunMetadata;
using Triage.Runs;

namespace Triage.Collectors.Tests.RunMetadata;

public sealed class TopologyTests
{
    [Fact]
    public void Read_TopologyYaml_HostsAttributesAndGpus()
    {
        using var dir = new TempRunDirectory();
        dir.Write("topology.yaml", InputSamples.TopologyYaml);

        var topology = RunMetadataReader.Read(dir.Path).Topology;

        Assert.NotNull(topology);
        Assert.Equal(["node-001", "node-002"], topology.Hosts);
        Assert.Equal(["rack", "switch", "spine", "pod"], topology.AttributeKeys);
        Assert.Equal("ib-leaf-01", topology.Attribute("node-001", "switch"));
        Assert.Equal("pod-7", topology.Attribute("node-002", "pod"));
        Assert.Null(topology.Attribute("node-001", "pod"));
        Assert.Equal(2, topology.GpuCount("node-001"));
        Assert.Equal(0, topology.GpuCount("node-999"));
    }

    [Theory]
    [InlineData("0000:2A:00.0")]
    [InlineData("0000:2a:00")]
    [InlineData("00000000:2a:00.0")]
    [InlineData("PCI:0000:2A:00")]
    public void GpuIndexForPci_AnySpelling_Index(string pci)
    {
        var topology = new Topology([new TopologyHost("node-001", [], [new TopologyGpu(0, "0000:18:00.0"), new TopologyGpu(1, "0000:2A:00.0")])]);

        Assert.Equal(1, topology.GpuIndexForPci("node-001", pci));
    }

    [Fact]
    public void GpuIndexForPci_UnknownHostOrDevice_Null()
    {
        var topology = new Topology([new TopologyHost("node-001", [], [new TopologyGpu(0, "0000:18:00.0")])]);

        Assert.Null(topology.GpuIndexForPci("node-002", "0000:18:00.0"));
        Assert.Null(topology.GpuIndexForPci("node-001", "0000:19:00.0"));
        Assert.Null(topology.GpuIndexForPci("node-001", "garbage"));
    }

    [Fact]
    public void Attribute_FullyQualifiedOrOtherCase_FindsHost()
    {
        var topology = new Topology([new TopologyHost("node-001", [new("rack", "r1")], [])]);

        Assert.Equal("r1", topology.Attribute("NODE-001", "rack"));
        Assert.Equal("r1", topology.Attribute("node-001.cluster.local", "rack"));
        Assert.Null(topology.Attribute("", "rack"));
    }

    [Fact]
    public void Read_TopologyCsv_ColumnsBecomeAttributes()
    {
        using var dir = new TempRunDirectory();
        dir.Write("meta/topology.csv", "host,rack,switch,spine\nnode-001,rack-a01,ib-leaf-01,ib-spine-1\n\"node-002\",\"rack-a01\",ib-leaf-02,\n");

        var topology = RunMetadataReader.Read(dir.Path).Topology;

        Assert.NotNull(topology);
        Assert.Equal(["node-001", "node-002"], topology.Hosts);
        Assert.Equal(["rack", "switch", "spine"], topology.AttributeKeys);
        Assert.Equal("ib-leaf-02", topology.Attribute("node-002", "switch"));
        Assert.Null(topology.Attribute("node-002", "spine"));
    }

    [Fact]
    public void Read_CsvRowsWithWrongCellCount_SkippedAndReported()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("topology.csv", "host,rack\nnode-001,r1\nnode-002\nnode-003,r2\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Equal(["node-001", "node-003"], inputs.Topology!.Hosts);
        var problem = Assert.Single(inputs.Problems);
        Assert.Equal(path, problem.Path);
        Assert.StartsWith("line 3:", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnyYamlWithHosts_RecognisedByContent()
    {
        using var dir = new TempRunDirectory();
        dir.Write("copied/from/cluster/nodes-info.yml", "hosts:\n  - host: gpu-7\n    switch: leaf-3\n    gpus: 8\n");

        var topology = RunMetadataReader.Read(dir.Path).Topology;

        Assert.NotNull(topology);
        Assert.Equal("leaf-3", topology.Attribute("gpu-7", "switch"));
        Assert.Equal(8, topology.GpuCount("gpu-7"));
    }

    [Fact]
    public void Read_TwoTopologyFiles_MergedFirstEntryKept()
    {
        using var dir = new TempRunDirectory();
        dir.Write("a/topology.yaml", "hosts:\n  - host: node-001\n    rack: r1\n");
        var second = dir.Write("b/topology.yaml", "hosts:\n  - host: node-001\n    rack: r9\n  - host: node-002\n    rack: r2\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Equal(["node-001", "node-002"], inputs.Topology!.Hosts);
        Assert.Equal("r1", inputs.Topology.Attribute("node-001", "rack"));
        Assert.Equal(second, Assert.Single(inputs.Problems).Path);
    }

    [Fact]
    public void Read_HostEntryWithoutName_ReportedWithLine()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("topology.yaml", "hosts:\n  - host: node-001\n  - rack: r1\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Equal(["node-001"], inputs.Topology!.Hosts);
        var problem = Assert.Single(inputs.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains("line 3", problem.Reason, StringComparison.Ordinal);
    }
}
