using Triage.Pull.Slurm;
using Triage.Pull.Tests.Support;
using Triage.Testing;

namespace Triage.Pull.Tests.Slurm;

/// <summary>
/// <c>scontrol show job</c> outputs printed by real clusters and published by others (tests/data/pull/recorded/slurm,
/// sources in its README), replayed through <see cref="SlurmJobResolver"/>. The <c>scontrol show hostnames</c>
/// replies are what scontrol prints for those lists (one name a line); the runner also checks the list asked for.
/// </summary>
public sealed class RecordedSlurmOutputTests
{
    private static readonly string Data = Path.Combine(TestRepository.Data, "pull", "recorded", "slurm");

    [Fact]
    public async Task ResolveAsync_CeaInti2023TwoNodesWithJobGresDetail_NodesAndBothOutputsOnTheBatchHost()
    {
        var runner = new ReplayCommandRunner(new()
        {
            ["scontrol show job 2120494"] = Recorded("scontrol-show-job-cea-inti-2120494.txt"),
            ["scontrol show hostnames inti[6015,6019]"] = ["inti6015", "inti6019"],
        });

        var job = await SlurmJobResolver.ResolveAsync("2120494", runner);

        Assert.Equal(["inti6015", "inti6019"], job.Nodes);
        Assert.Equal("RUNNING", job.State);
        var paths = Assert.Single(job.OutputPaths());
        Assert.Equal("inti6015", paths.Key);
        Assert.Equal(["/ccc/work/cont001/ocre/tabernera/MPI/MPI_PMV_1.1/sortie_256.o", "/ccc/work/cont001/ocre/tabernera/MPI/MPI_PMV_1.1/sortie_256.e"], paths.Value);
    }

    [Fact]
    public async Task ResolveAsync_DetailsWithPerNodeLines_NodeListIsTheJobsNotANodesLine()
    {
        var runner = new ReplayCommandRunner(new()
        {
            ["scontrol show job 1"] = Recorded("scontrol-show-job-irush-dd-node-63-65.txt"),
            ["scontrol show hostnames node-[63-65]"] = ["node-63", "node-64", "node-65"],
        });

        var job = await SlurmJobResolver.ResolveAsync("1", runner);

        Assert.Equal(["node-63", "node-64", "node-65"], job.Nodes);
        Assert.Equal(new Dictionary<string, IReadOnlyList<string>> { ["node-63"] = ["/location/with/out.txt", "/location/with/err.txt"] }, job.OutputPaths());
    }

    [Fact]
    public async Task ResolveAsync_2016RecordWithStdInPrintedTwice_NodeAndBothOutputs()
    {
        var runner = new ReplayCommandRunner(new()
        {
            ["scontrol show job 24"] = Recorded("scontrol-show-job-galaxy-16.05-24.txt"),
            ["scontrol show hostnames localhost"] = ["localhost"],
        });

        var job = await SlurmJobResolver.ResolveAsync("24", runner);

        Assert.Equal(("COMPLETED", "localhost"), (job.State, Assert.Single(job.Nodes)));
        Assert.Equal(
            new Dictionary<string, IReadOnlyList<string>> { ["localhost"] = ["/srv/galaxy/server/database/jobs/000/24/galaxy_24.o", "/srv/galaxy/server/database/jobs/000/24/galaxy_24.e"] },
            job.OutputPaths());
    }

    [Fact]
    public async Task ResolveAsync_JobArray_EveryTasksNodesAndEachTasksOutputOnItsOwnBatchHost()
    {
        // scontrol prints one record per task; the first one alone named one node of three.
        var runner = new ReplayCommandRunner(new()
        {
            ["scontrol show job 1673301"] = Recorded("scontrol-show-job-mavis-array-1673301.txt"),
            ["scontrol show hostnames n245,n235,n137"] = ["n245", "n235", "n137"],
        });

        var job = await SlurmJobResolver.ResolveAsync("1673301", runner);

        Assert.Equal(["n245", "n235", "n137"], job.Nodes);
        Assert.Equal("RUNNING", job.State);
        const string Dir = "/projects/trans_scratch/validations/workspace/creisle/temp/";
        Assert.Equal(
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["n245"] = [Dir + "slurm-1673301_3.out"],
                ["n235"] = [Dir + "slurm-1673301_2.out"],
                ["n137"] = [Dir + "slurm-1673301_1.out"],
            },
            job.OutputPaths());
    }

    [Fact]
    public async Task ResolveAsync_OutputPathWithJobNamePatternLeftIn_PathExpandedAsSlurmWroteIt()
    {
        var runner = new ReplayCommandRunner(new()
        {
            ["scontrol show job 1697503_1"] = Recorded("scontrol-show-job-mavis-cancelled-task-1697503_1.txt"),
            ["scontrol show hostnames n245"] = ["n245"],
        });

        var job = await SlurmJobResolver.ResolveAsync("1697503_1", runner);

        Assert.Equal("CANCELLED", job.State);
        var paths = Assert.Single(job.OutputPaths());
        Assert.Equal("n245", paths.Key);
        Assert.Equal(
            ["/projects/trans_scratch/validations/workspace/creisle/temp/test_submission/slurm/mock-A47933_diseased_transcriptome/validate/batch-uwSwW68EW43XNdvq85NxJ7-1/job-MV_mock-A47933_batch-uwSwW68EW43XNdvq85NxJ7-1697503-1.log"],
            paths.Value);
    }

    [Fact]
    public async Task ResolveAsync_PendingJobNullNodeListAndSacctNoneAssigned_SaysNoNodesAndTheState()
    {
        var runner = new ReplayCommandRunner(new()
        {
            ["scontrol show job 134238037"] = Recorded("scontrol-show-job-irush-pending-134238037.txt"),
            // sacct's NodeList of a job never started is "None assigned" (slurm as_mysql_job.c)
            ["sacct -j 134238037 -X -n -P -o NodeList,State"] = ["None assigned|PENDING"],
        });

        var error = await Assert.ThrowsAsync<TriageException>(() => SlurmJobResolver.ResolveAsync("134238037", runner));

        Assert.Equal("--slurm-job 134238037: no nodes allocated (state PENDING)", error.Message);
    }

    [Fact]
    public void ParseJobs_PendingJobWithPatternInPaths_JobNameDependencyAndExpandedLogPath()
    {
        var record = Assert.Single(ScontrolParser.ParseJobs(Recorded("scontrol-show-job-mavis-pending-1673292.txt")));

        Assert.Equal("MP_batch-8PyNX8EN4cBdD9vQd9FrRG", record["JobName"]);
        Assert.Equal("afterok:1673291_*", record["Dependency"]);
        Assert.Null(ScontrolParser.Value(record, "NodeList"));
        Assert.Equal(
            ["/projects/trans_scratch/validations/workspace/creisle/temp/test_submission/output_slurm/pairing/job-MP_batch-8PyNX8EN4cBdD9vQd9FrRG-1673292.log"],
            SlurmJobOutput.FromRecord(record).Paths());
    }

    [Fact]
    public void ParseJob_JobNameWithSpacesAndEquals_RunsToTheEndOfItsLineAndMakesNoFields()
    {
        var fields = ScontrolParser.ParseJob(["JobId=44 JobName=python main.py seed=1 NodeList=x", "   NodeList=n[1-2]", "   StdOut=/o"]);

        Assert.Equal("python main.py seed=1 NodeList=x", fields["JobName"]);
        Assert.Equal("n[1-2]", fields["NodeList"]);
        Assert.False(fields.ContainsKey("seed"));
    }

    [Fact]
    public void ParseJob_OneLineOutput_JobNameStopsAtUserId()
    {
        var fields = ScontrolParser.ParseJob(["JobId=7 ArrayJobId=7 ArrayTaskId=0 JobName=test.jcf UserId=root(0) NodeList=node01 BatchHost=node01 StdOut=/root/slurm-7_0.out"]);

        Assert.Equal(("test.jcf", "root(0)", "node01"), (fields["JobName"], fields["UserId"], fields["BatchHost"]));
    }

    [Fact]
    public void Paths_FilenamePatterns_ExpandedFromTheRecordAndRelativeToWorkDir()
    {
        var record = new Dictionary<string, string>
        {
            ["JobId"] = "1673303", ["ArrayJobId"] = "1673301", ["ArrayTaskId"] = "2", ["JobName"] = "subtest.sh",
            ["UserId"] = "creisle(1365)", ["WorkDir"] = "/w", ["BatchHost"] = "n235.cluster",
            ["StdOut"] = "/scratch/%u/%x-%A_%4a.out", ["StdErr"] = "logs/%N-%j-%%-%J.err",
        };

        Assert.Equal(["/scratch/creisle/subtest.sh-1673301_0002.out", "/w/logs/n235-1673303-%-%J.err"], SlurmJobOutput.FromRecord(record).Paths());
    }

    private static string[] Recorded(string name) => File.ReadAllLines(Path.Combine(Data, name));
}
