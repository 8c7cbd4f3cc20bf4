using Triage.Pull.Slurm;
using Triage.Pull.Tests.Support;
using Triage.Testing;

namespace Triage.Pull.Tests.Slurm;

/// <summary>Slurm's outputs as recorded in tests/data/pull/slurm, replayed by a runner that also checks the exact arguments.</summary>
public sealed class SlurmJobResolverTests
{
    private static readonly string Data = Path.Combine(TestRepository.Data, "pull", "slurm");

    [Fact]
    public async Task ResolveAsync_ScontrolShowJob_NodesBatchHostAndOutputPaths()
    {
        var runner = new ReplayCommandRunner(new()
        {
            ["scontrol show job 91331"] = File.ReadAllLines(Path.Combine(Data, "scontrol-show-job-91331.txt")),
            ["scontrol show hostnames node-[001-004]"] = File.ReadAllLines(Path.Combine(Data, "scontrol-show-hostnames.txt")),
        });

        var job = await SlurmJobResolver.ResolveAsync("91331", runner);

        Assert.Equal(["node-001", "node-002", "node-003", "node-004"], job.Nodes);
        Assert.Equal("FAILED", job.State);
        Assert.Equal("node-001", job.BatchHost);
        var paths = Assert.Single(job.OutputPaths());
        Assert.Equal("node-001", paths.Key);
        Assert.Equal(["/shared/jobs/pretrain-7b/logs/slurm-91331.out"], paths.Value);
    }

    [Fact]
    public async Task ResolveAsync_ControllerForgotTheJob_FallsBackToSacct()
    {
        var runner = new ReplayCommandRunner(new()
        {
            ["sacct -j 91331 -X -n -P -o NodeList,State"] = File.ReadAllLines(Path.Combine(Data, "sacct-nodelist-state.txt")),
            ["scontrol show hostnames node-[001-004]"] = File.ReadAllLines(Path.Combine(Data, "scontrol-show-hostnames.txt")),
        });

        var job = await SlurmJobResolver.ResolveAsync("91331", runner);

        Assert.Equal(4, job.Nodes.Count);
        Assert.Equal("NODE_FAIL", job.State);
        Assert.Empty(job.OutputPaths());
    }

    [Theory]
    [InlineData("91331; rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("")]
    public async Task ResolveAsync_NotAJobId_RefusedBeforeAnythingRuns(string id)
    {
        var runner = new ReplayCommandRunner([]);

        var error = await Assert.ThrowsAsync<TriageException>(() => SlurmJobResolver.ResolveAsync(id, runner));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public void ParseJob_ValueWithSpaces_RunsOnUntilTheNextKey()
    {
        var fields = ScontrolParser.ParseJob(["JobId=7 JobName=a", "   StdOut=/data/my runs/out.txt StdIn=/dev/null", "   NodeList=(null)"]);

        Assert.Equal("/data/my runs/out.txt", fields["StdOut"]);
        Assert.Null(ScontrolParser.Value(fields, "NodeList"));
    }
}
