using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Support;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Extraction;

public sealed class SrunLabelRankTests
{
    [Fact]
    public async Task Extract_SrunLabelledLines_LabelIsTheRankOnlyWhenNothingElseSaysSo()
    {
        // One srun task per rank (the label is SLURM_PROCID) next to lines that name their rank.
        var symptoms = await ExtractAsync(
        [
            "10: terminate called after throwing an instance of 'c10::Error'",
            " 6: [E ProcessGroupNCCL.cpp:475] [Rank 6] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=4094, OpType=ALLREDUCE, Timeout(ms)=600000) ran for 600031 milliseconds before timing out.",
            " 1: [rank5]:[E1123 03:14:07.123456789 ProcessGroupNCCL.cpp:632] [Rank 5] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=7, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600017 milliseconds before timing out.",
        ]);

        Assert.Equal(10, symptoms.Single(s => s.Source.Line == 1).Rank);
        Assert.Equal(6, symptoms.Single(s => s.Source.Line == 2).Rank);
        Assert.Equal(5, symptoms.Single(s => s.Source.Line == 3).Rank); // the [rank5] prefix, not task 1
    }

    [Fact]
    public async Task Extract_SrunLabelOverTorchrunTee_LabelIsTheNodeNotTheRank()
    {
        // srun --label starts one torchrun per node; torchrun --tee prefixes each worker's lines
        // with [default<local rank>]: (its --tee/--redirect docs). Task 1's local rank 3 is not rank 1,
        // and once the file shows that, no later label is read as a rank either.
        var symptoms = await ExtractAsync(
        [
            "1: [default3]:RuntimeError: CUDA error: an illegal memory access was encountered",
            "0: [default0]:[E1123 03:24:09.123456789 ProcessGroupNCCL.cpp:632] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=7, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600017 milliseconds before timing out.",
            "1: terminate called after throwing an instance of 'c10::Error'",
        ]);

        var crash = symptoms.Single(s => s.Source.Line == 1);
        Assert.Null(crash.Rank);
        Assert.Equal(3, crash.LocalRank);
        Assert.Null(symptoms.Single(s => s.Source.Line == 3).Rank);
    }

    private static async Task<List<Symptom>> ExtractAsync(string[] lines)
    {
        var dir = Path.Combine(Path.GetTempPath(), "triage-srun-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "slurm-71614.out");
        await File.WriteAllLinesAsync(file, lines);
        var symptoms = new List<Symptom>();
        try
        {
            await FileExtraction.ExtractAsync(file, "slurm-71614.out", TestRules.BuiltIn, (batch, _) =>
            {
                symptoms.AddRange(batch);
                return Task.CompletedTask;
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return symptoms;
    }
}
