namespace Triage.Simulator.Model;

/// <summary>How a torch release formats c10 and ProcessGroupNCCL lines.</summary>
internal enum TorchStyle
{
    /// <summary>2.1–2.2: <c>[E ProcessGroupNCCL.cpp:475] [Rank 3] ...</c>, Python-logging torchrun agent.</summary>
    Classic,

    /// <summary>2.3–2.4: <c>[rank3]:[E821 02:07:08.408271257 ProcessGroupNCCL.cpp:607] [Rank 3] ...</c>.</summary>
    RankPrefixed,

    /// <summary>2.5+: <c>[PG ID 0 PG GUID 0(default_pg) Rank 3]</c> tags, torch.AcceleratorError.</summary>
    PgGuid,

    /// <summary>
    /// 2.5.x as public reports show it (style packs only): the timeout is reported as
    /// <c>[PG ID 0 PG GUID 0(default_pg) Rank 5] Timeout at NCCL work: N, last enqueued NCCL work: N, last completed NCCL work: N-1.</c>
    /// (ProcessGroupNCCL.cpp:1834), then <c>[Rank 5] Some NCCL operations ...</c> (630/636) and the watchdog's exception (1595)
    /// holding "Watchdog caught collective operation timeout"; no standalone "Watchdog caught" line.
    /// From https://github.com/MCG-NJU/MOTIP/issues/52 and https://github.com/NVIDIA/nccl/issues/1504.
    /// </summary>
    Pg25,

    /// <summary>
    /// 2.7/2.8 as public reports show it (style packs only): <c>[Rank 2] Watchdog caught ...</c> (632), <c>[PG ID 0 PG GUID 0(default_pg) Rank 2]  failure
    /// detected by watchdog at work sequence id: ...</c> (2268), the FlightRecorder hint (670), <c>[Rank 5] Some NCCL operations ...</c> (684/698) and
    /// the watchdog's exception (1899). From https://github.com/lsdefine/simple_GRPO/issues/46 and https://github.com/deepspeedai/DeepSpeed/issues/7533.
    /// </summary>
    Pg28,
}
