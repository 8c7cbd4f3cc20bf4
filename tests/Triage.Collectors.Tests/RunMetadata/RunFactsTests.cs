using Triage.Collectors.RunMetadata;
using Triage.Runs;

namespace Triage.Collectors.Tests.RunMetadata;

public sealed class RunFactsTests
{
    private static readonly DateTimeOffset First = new(2026, 5, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = new(2026, 5, 2, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_RunYaml_FactsExactlyAsWritten()
    {
        using var dir = new TempRunDirectory();
        dir.Write("run.yaml", InputSamples.RunYaml);

        var facts = RunMetadataReader.Read(dir.Path).Facts;

        Assert.NotNull(facts);
        Assert.Equal("llm-70b-pretrain", facts.Facts["run"]);
        Assert.Equal("48213", facts.Facts["job_id"]);
        Assert.Equal("slurm", facts.Facts["scheduler"]);
        Assert.False(facts.Facts.ContainsKey("nodes"));
        Assert.Equal(16, facts.WorldSize);
        Assert.Equal(8, facts.RanksPerNode);
        Assert.Equal(["node-001", "node-002"], facts.Nodes);
        Assert.Equal(8, facts.Parallel["tp"]);
        Assert.Equal(2, facts.Parallel["dp"]);
    }

    [Fact]
    public void Attempts_GivenOutOfOrder_SortedWithEnds()
    {
        using var dir = new TempRunDirectory();
        dir.Write("run.yaml", InputSamples.RunYaml);

        var attempts = RunMetadataReader.Read(dir.Path).Facts!.Attempts;

        Assert.Equal(2, attempts.Count);
        Assert.Equal((0, First, Second), (attempts[0].Index, attempts[0].Start, attempts[0].End!.Value));
        Assert.Equal((1, Second, (DateTimeOffset?)null), (attempts[1].Index, attempts[1].Start, attempts[1].End));
        Assert.Equal("2.20.3", attempts[0].Versions["nccl_version"]);
        Assert.Equal("12.4", attempts[1].Versions["cuda_version"]);
    }

    [Fact]
    public void AttemptAt_Boundaries_HalfOpenSegments()
    {
        var facts = Facts(attempts: [Attempt(Second, "b"), Attempt(First, "a")]);

        Assert.Null(facts.AttemptAt(First.AddTicks(-1)));
        Assert.Equal("a", facts.AttemptAt(First)!.Versions["v"]);
        Assert.Equal("a", facts.AttemptAt(Second.AddTicks(-1))!.Versions["v"]);
        Assert.Equal("b", facts.AttemptAt(Second)!.Versions["v"]);
        Assert.Equal("b", facts.AttemptAt(Second.AddYears(1))!.Versions["v"]);
    }

    [Fact]
    public void AttemptAt_AfterExplicitEnd_Null()
    {
        var facts = Facts(attempts: [new RunAttempt(0, First, Second, new Dictionary<string, string>())]);

        Assert.NotNull(facts.AttemptAt(Second.AddTicks(-1)));
        Assert.Null(facts.AttemptAt(Second));
    }

    [Theory]
    [InlineData(0, "node-001")]
    [InlineData(7, "node-001")]
    [InlineData(8, "node-002")]
    [InlineData(15, "node-002")]
    [InlineData(16, null)]
    [InlineData(-1, null)]
    public void HostOfRank_NodesAndRanksPerNode_NodeOfRank(int rank, string? host)
    {
        var facts = Facts(worldSize: 16, ranksPerNode: 8, nodes: ["node-001", "node-002"]);

        Assert.Equal(host, facts.HostOfRank(rank));
    }

    [Fact]
    public void HostOfRank_NoRanksPerNode_DerivedFromWorldSize()
    {
        var facts = Facts(worldSize: 16, nodes: ["node-001", "node-002"]);

        Assert.Equal(8, facts.RanksPerNode);
        Assert.Equal("node-002", facts.HostOfRank(9));
    }

    [Fact]
    public void HostOfRank_NoNodes_Null()
    {
        Assert.Null(Facts(worldSize: 16, ranksPerNode: 8).HostOfRank(3));
    }

    [Fact]
    public void Read_SlurmHostList_Expanded()
    {
        using var dir = new TempRunDirectory();
        dir.Write("run.yml", "run: r\njob_id: 1\nranks_per_node: 4\nnodes: \"gpu-[007-009]\"\n");

        var facts = RunMetadataReader.Read(dir.Path).Facts!;

        Assert.Equal(["gpu-007", "gpu-008", "gpu-009"], facts.Nodes);
        Assert.Equal("gpu-009", facts.HostOfRank(8));
    }

    [Fact]
    public void Read_TopLevelVersions_AreFacts()
    {
        using var dir = new TempRunDirectory();
        dir.Write("facts/job.yaml", "world_size: 8\nversions:\n  tokenizer_version: tk-3\n");

        var facts = RunMetadataReader.Read(dir.Path).Facts!;

        Assert.Equal("tk-3", facts.Facts["tokenizer_version"]);
        Assert.Equal("8", facts.Facts["world_size"]);
    }

    [Fact]
    public void Read_AttemptWithoutStart_ReportedAndSkipped()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("run.yaml", "world_size: 8\nattempts:\n  - start: yesterday\n  - start: 2026-05-02T00:00:00Z\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Single(inputs.Facts!.Attempts);
        var problem = Assert.Single(inputs.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains("line 3", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadWorldSize_ReportedAndNull()
    {
        using var dir = new TempRunDirectory();
        dir.Write("run.yaml", "run: r\njob_id: 1\nworld_size: lots\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Null(inputs.Facts!.WorldSize);
        Assert.Contains("world_size", Assert.Single(inputs.Problems).Reason, StringComparison.Ordinal);
    }

    private static RunAttempt Attempt(DateTimeOffset start, string version) =>
        new(0, start, null, new Dictionary<string, string> { ["v"] = version });

    private static RunFacts Facts(int? worldSize = null, int? ranksPerNode = null, string[]? nodes = null, RunAttempt[]? attempts = null) =>
        new(new Dictionary<string, string>(), worldSize, ranksPerNode, nodes ?? [], new Dictionary<string, int>(), attempts ?? []);
}
