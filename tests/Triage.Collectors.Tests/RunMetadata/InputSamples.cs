namespace Triage.Collectors.Tests.RunMetadata;

/// <summary>Metadata files as the simulator writes them.</summary>
internal static class InputSamples
{
    public const string TopologyYaml = """
        hosts:
          - host: node-001
            rack: rack-a01
            switch: ib-leaf-01
            spine: ib-spine-1
            gpus:
              - { index: 0, pci: "0000:18:00.0" }
              - { index: 1, pci: "0000:2A:00.0" }
          - host: node-002
            rack: rack-a01
            switch: ib-leaf-02
            spine: ib-spine-1
            pod: pod-7
            gpus:
              - { index: 0, pci: "0000:18:00.0" }
        """;

    public const string RunYaml = """
        run: llm-70b-pretrain
        job_id: 48213
        scheduler: slurm
        world_size: 16
        ranks_per_node: 8
        nodes: [node-001, node-002]
        parallel: { tp: 8, pp: 1, dp: 2 }
        attempts:
          - start: 2026-05-02T06:00:00Z
            versions: { torch_version: 2.4.1, nccl_version: 2.21.5, cuda_version: "12.4" }
          - start: 2026-05-02T00:00:00Z
            versions: { torch_version: 2.4.0, nccl_version: 2.20.3, cuda_version: "12.4" }
        """;

    public static string ManifestLine(int rank, long step, string shard) =>
        $$"""{"time":"2026-05-02T03:14:07.123Z","rank":{{rank}},"step":{{step}},"data_shard":"{{shard}}","batch_id":"b{{step:D6}}{{rank:D4}}","seq_len_mean":2048.5,"seq_len_max":8192,"code_version":"3f2a9c1"}""";

    public static string MetricsLine(long step) =>
        $$"""{"time":"2026-05-02T03:14:07.123Z","step":{{step}},"rank":0,"loss":2.31,"grad_norm":0.9,"step_time_ms":812}""";

    public static string Lines(IEnumerable<string> lines) => string.Join('\n', lines) + "\n";
}
