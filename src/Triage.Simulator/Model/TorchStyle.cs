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
}
