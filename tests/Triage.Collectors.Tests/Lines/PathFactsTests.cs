using FsCheck.Xunit;
using Triage.Collectors.Lines;

namespace Triage.Collectors.Tests.Lines;

public sealed class PathFactsTests
{
    [Theory]
    [InlineData("node-017/stdout.log", "node-017", null)]
    [InlineData("node-017.log", "node-017", null)]
    [InlineData("logs/node-017/rank-3.log", "node-017", 3)]
    [InlineData("rank-0042.out", null, 42)]
    [InlineData("rank_12.log", null, 12)]
    [InlineData("RANK-3.LOG", null, 3)]
    [InlineData("worker-3.log", "worker-3", null)]
    [InlineData("slurm-12345.out", null, null)]
    [InlineData("slurm-12345_7.out", null, null)]
    [InlineData("train_ds_node-017_rank3.txt", "node-017", 3)]
    [InlineData("pods/job-worker-3.log", "job-worker-3", null)]
    [InlineData("job-master-0/stdout.txt", "job-master-0", null)]
    [InlineData("node-017-rank-3.log", "node-017", 3)]
    [InlineData("stdout-rank3.log", null, 3)]
    [InlineData("node-017.cluster.local.log.gz", "node-017", null)]
    [InlineData("gpu24.log", "gpu24", null)]
    [InlineData("node-001/rank-7/stderr.log", "node-001", 7)]
    [InlineData("node-002\\rank_5.log", "node-002", 5)]
    [InlineData("nodes/node-017/node-018.log", "node-018", null)]
    [InlineData("runs/exp-3/stdout.log", null, null)]
    [InlineData("log-2024-03-21.txt", null, null)]
    [InlineData("attempt_0/3/stdout.log", null, null)]
    [InlineData("epoch3/metrics.jsonl", null, null)]
    [InlineData("core.12345", null, null)]
    [InlineData("kern.log", null, null)]
    [InlineData("job-12345/v2/stdout.log", null, null)]
    [InlineData("", null, null)]
    public void Parse_RelativePath_ReadsHostAndRank(string path, string? host, int? rank)
    {
        // Act
        var facts = PathFacts.Parse(path);

        // Assert
        Assert.Equal(host, facts.Host);
        Assert.Equal(rank, facts.Rank);
    }

    [Theory]
    // torchelastic's log dir: {log_dir}/{run_id}_{random}/attempt_{restart}/{local_rank}/(stdout.log|stderr.log|error.json)
    [InlineData("attempt_0/3/stdout.log", null, 3, 0)]
    [InlineData("logs/node-017/none_k2j8x9a1/attempt_1/5/stderr.log", "node-017", 5, 1)]
    // meta-pytorch/torchx#492: "Setting worker0 reply file to: /tmp/torchelastic_vyq136c_/compute_world_size-mpr03nzqvvg3td_nu4r0f6t/attempt_0/0/error.json"
    [InlineData("torchelastic_vyq136c_/compute_world_size-mpr03nzqvvg3td_nu4r0f6t/attempt_0/0/error.json", null, 0, 0)]
    // the run directory above attempt_N is a run id, never a host, even when it looks like one
    [InlineData("job7_ab12cd34/attempt_2/1/stderr.log", null, 1, 2)]
    public void Parse_TorchelasticLogDir_LocalRankAndAttemptNeverAGlobalRank(string path, string? host, int local, int attempt)
    {
        var facts = PathFacts.Parse(path);

        Assert.Equal(host, facts.Host);
        Assert.Null(facts.Rank);
        Assert.Equal(local, facts.LocalRank);
        Assert.Equal(attempt, facts.Attempt);
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        // Act and Assert
        Assert.Throws<ArgumentNullException>(() => PathFacts.Parse(null!));
    }

    [Property(MaxTest = 2000)]
    public bool Parse_ArbitraryPath_NeverThrows(string? path)
    {
        var (host, rank) = PathFacts.Parse(path ?? string.Empty);

        return (host is null || host.Length > 0) && (rank is null || rank >= 0);
    }
}
