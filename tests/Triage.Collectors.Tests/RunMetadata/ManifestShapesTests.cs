using Triage.Collectors.RunMetadata;
using Triage.Runs;

namespace Triage.Collectors.Tests.RunMetadata;

/// <summary>Step manifests as data loaders write them: other field names, epoch times, numbered shards, one file per rank.</summary>
public sealed class ManifestShapesTests
{
    [Fact]
    public void Read_GlobalRankIterationAndEpochTs_Row()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("loader.jsonl", "{\"ts\":1777605247.5,\"global_rank\":12,\"iteration\":340,\"dataset\":\"c4-en\"}\n");

        var row = Assert.Single(new StepManifest([path]).Read(new ManifestReadStats()));

        Assert.Equal((12, 340L), (row.Rank, row.Step));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1777605247500), row.Time);
        Assert.Equal("c4-en", row["dataset"]);
    }

    [Theory]
    [InlineData("shard_id", true)]
    [InlineData("file_idx", true)]
    [InlineData("data_shard", true)]
    [InlineData("shardId", true)]
    [InlineData("seq_len_mean", false)]
    [InlineData("tokens", false)]
    [InlineData("loss", false)]
    public void IsIdentifier_FieldNames(string key, bool expected)
    {
        Assert.Equal(expected, ManifestLineParser.IsIdentifier(key));
    }

    [Fact]
    public void Read_NumberedShard_StringFactorWhileMeasurementsStayNumbers()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", "{\"rank\":3,\"step\":7,\"shard_id\":417,\"seq_len_mean\":2048.5,\"tokens\":8192}\n");

        var row = Assert.Single(new StepManifest([path]).Read(new ManifestReadStats()));

        Assert.Equal("417", row["shard_id"]);
        Assert.Equal(["seq_len_mean", "tokens"], row.Numbers.Select(n => n.Key));
    }

    [Fact]
    public void Read_PerRankFilesWithoutRankField_RankFromTheFileName()
    {
        using var dir = new TempRunDirectory();
        dir.Write("data/rank-0005.jsonl", "{\"step\":1,\"data_shard\":\"web-1\"}\n{\"step\":2,\"data_shard\":\"web-2\"}\n");
        dir.Write("data/rank_6/samples.jsonl", "{\"step\":1,\"data_shard\":\"web-3\"}\n");
        dir.Write("data/loader.jsonl", "{\"step\":1,\"data_shard\":\"web-9\"}\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Equal(2, inputs.Manifest!.Files.Count);
        var rows = inputs.Manifest.Read(new ManifestReadStats()).ToList();
        Assert.Equal([(5, 1L, "web-1"), (5, 2L, "web-2"), (6, 1L, "web-3")], rows.Select(r => (r.Rank, r.Step, r["data_shard"]!)));
    }
}
