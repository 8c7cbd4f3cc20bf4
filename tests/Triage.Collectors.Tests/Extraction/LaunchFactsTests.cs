using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Support;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Extraction;

/// <summary>
/// The global rank only from what the run states, and the run facts launchers print (LaunchFacts), through
/// the real extractor and rules.
/// </summary>
public sealed class LaunchFactsTests
{
    private const string Illegal = "RuntimeError: CUDA error: an illegal memory access was encountered";

    [Fact]
    public async Task Extract_TorchrunRendezvousUnderSrun_LocalRankMapsToTheStatedGlobalRank()
    {
        // The rendezvous result block torchelastic's agent logs (meta-pytorch/torchx#492), one agent per
        // node under srun --label; node 1's worker with local rank 1 is global rank 3, as node 1 says.
        var symptoms = await ExtractAsync("slurm-4242.out",
        [
            "0: [2024-05-08 08:40:01,100] torch.distributed.elastic.agent.server.api: [INFO] [default] Rendezvous complete for workers. Result:",
            "0:   restart_count=0",
            "0:   master_addr=node-001",
            "0:   group_rank=0",
            "0:   group_world_size=2",
            "0:   local_ranks=[0, 1]",
            "0:   role_ranks=[0, 1]",
            "0:   global_ranks=[0, 1]",
            "1: [2024-05-08 08:40:01,200] torch.distributed.elastic.agent.server.api: [INFO] [default] Rendezvous complete for workers. Result:",
            "1:   restart_count=0",
            "1:   group_rank=1",
            "1:   group_world_size=2",
            "1:   local_ranks=[0, 1]",
            "1:   role_ranks=[2, 3]",
            "1:   global_ranks=[2, 3]",
            "1: [default1]:" + Illegal,
            "0: [default1]:" + Illegal,
        ]);

        var crashes = symptoms.Where(s => s.Kind == "cuda.illegal_address").OrderBy(s => s.Source.Line).ToList();
        Assert.Equal(3, crashes[0].Rank);
        Assert.Equal(1, crashes[0].LocalRank);
        Assert.Equal(1, crashes[1].Rank);
        var attempts = symptoms.Where(s => s.Kind == "meta.attempt").ToList();
        Assert.Equal(2, attempts.Count); // one per node scope
        Assert.All(attempts, a => Assert.Equal("0", a.Attrs["attempt"]));
        Assert.Equal(new DateTimeOffset(2024, 5, 8, 8, 40, 1, 100, TimeSpan.Zero), attempts[0].Timestamp); // the block's header stamp
        Assert.True(attempts[0].TimeInferred);
    }

    [Fact]
    public async Task Extract_SrunLabelOverTorchrunWithoutTable_RankStaysUnknown()
    {
        var symptoms = await ExtractAsync("slurm-4243.out", ["1: [default1]:" + Illegal]);

        Assert.Null(symptoms.Single(s => s.Kind == "cuda.illegal_address").Rank);
    }

    [Fact]
    public async Task Extract_TorchelasticZeroTwoBlock_OneWorkerPerNode()
    {
        // microsoft/frameworkcontroller's PyTorch elastic example (torchelastic 0.2): tab-indented,
        // "assigned global_ranks"; a node with one worker needs no local rank.
        var symptoms = await ExtractAsync("pet-worker-1.log",
        [
            "[INFO] 2020-07-31 07:15:34,785 api: [default] Worker group FAILED. 3/3 attempts left; will restart worker group",
            "[INFO] 2020-07-31 07:16:04,915 api: [default] Rendezvous complete for workers.",
            "Result:",
            "\trestart_count=1",
            "\tgroup_rank=1",
            "\tgroup_world_size=2",
            "\trank stride=1",
            "\tassigned global_ranks=[1]",
            "\tmaster_addr=worker-1.pet-worker.default.svc.cluster.local",
            "[2020-07-31 07:20:00,000] " + Illegal,
        ]);

        Assert.Equal(1, symptoms.Single(s => s.Kind == "cuda.illegal_address").Rank);
        var attempt = symptoms.Single(s => s.Kind == "meta.attempt");
        Assert.Equal("1", attempt.Attrs["attempt"]);
    }

    [Fact]
    public async Task Extract_DeepSpeedPdsh_HostFromPrefixRankFromGlobalRankMapping()
    {
        // stas00/ml-engineering "emulate multi-node": the DeepSpeed launcher's own lines state the mapping.
        var symptoms = await ExtractAsync("deepspeed.log",
        [
            "worker-0: [2022-09-08 12:02:16,517] [INFO] [launch.py:136:main] WORLD INFO DICT: {'worker-0': [0], 'worker-1': [0]}",
            "worker-0: [2022-09-08 12:02:16,517] [INFO] [launch.py:142:main] nnodes=2, num_local_procs=1, node_rank=0",
            "worker-0: [2022-09-08 12:02:16,517] [INFO] [launch.py:155:main] global_rank_mapping=defaultdict(<class 'list'>, {'worker-0': [0], 'worker-1': [1]})",
            "worker-1: [2022-09-08 12:02:16,518] [INFO] [launch.py:155:main] global_rank_mapping=defaultdict(<class 'list'>, {'worker-0': [0], 'worker-1': [1]})",
            "worker-1: " + Illegal,
        ]);

        var crash = symptoms.Single(s => s.Kind == "cuda.illegal_address");
        Assert.Equal("worker-1", crash.Host);
        Assert.Equal(1, crash.Rank);
    }

    [Fact]
    public async Task Extract_DeepSpeedHostWithSeveralRanks_NoLocalRank_RankUnknown()
    {
        var symptoms = await ExtractAsync("deepspeed.log",
        [
            "worker-0: [2022-09-08 12:02:16,517] [INFO] [launch.py:155:main] global_rank_mapping=defaultdict(<class 'list'>, {'worker-0': [0, 1], 'worker-1': [2, 3]})",
            "worker-1: " + Illegal,
        ]);

        Assert.Null(symptoms.Single(s => s.Kind == "cuda.illegal_address").Rank);
    }

    [Fact]
    public async Task Extract_MpirunTagOutput_MpiRankIsTheRankUnlessTorchrunRunsUnderIt()
    {
        var direct = await ExtractAsync("mpirun.out", ["[1,5]<stderr>:" + Illegal]);
        var underTorchrun = await ExtractAsync("mpirun.out", ["[1,1]<stderr>:[default5]:" + Illegal]);

        Assert.Equal(5, direct.Single(s => s.Kind == "cuda.illegal_address").Rank);
        var crash = underTorchrun.Single(s => s.Kind == "cuda.illegal_address");
        Assert.Null(crash.Rank);
        Assert.Equal(5, crash.LocalRank);
    }

    [Fact]
    public async Task Extract_VersionLines_OneFactPerValue()
    {
        var symptoms = await ExtractAsync("rank-0.log",
        [
            // NCCL's INFO banner (NCCL_DEBUG=INFO), twice (a second communicator), then another rank's
            "node-01:189884:189884 [0] NCCL INFO NCCL version 2.18.3+cuda12.2",
            "node-01:189884:189884 [0] NCCL INFO NCCL version 2.18.3+cuda12.2",
            // nvidia-smi's banner
            "| NVIDIA-SMI 535.104.05             Driver Version: 535.104.05   CUDA Version: 12.2     |",
            // the kernel's banner, open module (NVIDIA/open-gpu-kernel-modules#421), same driver again
            "[    1.792940] NVRM: loading NVIDIA UNIX Open Kernel Module for x86_64  535.104.05  Release Build  (dvs-builder@U16-T01-9-2)  Wed Nov 23 23:04:11 UTC 2022",
            // and the proprietary one (Bumblebee-Project/Bumblebee#645)
            "[  906.547892] NVRM: loading NVIDIA UNIX x86_64 Kernel Module  340.65  Tue Dec  2 09:50:34 PST 2014",
            // torch.utils.collect_env
            "PyTorch version: 2.1.0+cu121",
            // ds_report
            "torch version .................... 1.12.1+cu116",
            // an error message naming the version is not the banner
            "torch.distributed.DistBackendError: NCCL error in: /pytorch/torch/csrc/distributed/c10d/NCCLUtils.hpp:317, remote process exited or there was a network error, NCCL version 2.21.5",
        ]);

        var versions = symptoms.Where(s => s.Kind == "meta.version").Select(s => s.Attrs["component"] + " " + s.Attrs["version"]).ToList();
        Assert.Equal(["nccl 2.18.3+cuda12.2", "driver 535.104.05", "driver 340.65", "torch 2.1.0+cu121", "torch 1.12.1+cu116"], versions);
        Assert.All(symptoms.Where(s => s.Kind == "meta.version"), v => Assert.Null(v.Gpu));
    }

    [Fact]
    public async Task Extract_TorchelasticLogDir_LocalRankAndAttemptFromThePath()
    {
        var symptoms = await ExtractAsync("logs/node-003/train_x1y2z3w4/attempt_1/6/stderr.log", ["[2024-05-08 08:47:31,877] " + Illegal]);

        var crash = symptoms.Single(s => s.Kind == "cuda.illegal_address");
        Assert.Equal("node-003", crash.Host);
        Assert.Null(crash.Rank);
        Assert.Equal(6, crash.LocalRank);
        Assert.Equal("1", crash.Attrs["attempt"]);
    }

    private static async Task<List<Symptom>> ExtractAsync(string relativePath, string[] lines)
    {
        var dir = Path.Combine(Path.GetTempPath(), "triage-launch-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllLinesAsync(file, lines);
        var symptoms = new List<Symptom>();
        try
        {
            await FileExtraction.ExtractAsync(file, relativePath, TestRules.BuiltIn, (batch, _) =>
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
