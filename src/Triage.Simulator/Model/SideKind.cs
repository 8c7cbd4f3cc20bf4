namespace Triage.Simulator.Model;

/// <summary>Kinds of <see cref="SideEvent"/>.</summary>
internal enum SideKind
{
    /// <summary>A NaN iteration (skipped step) reported in the iteration log and metrics.</summary>
    NanStep,

    /// <summary>A loss spike (metrics only).</summary>
    LossSpike,

    /// <summary>Leaf switch ports go down and up on every host behind it.</summary>
    LinkFlap,

    /// <summary>Noise: Xid 13 from some user's kernel bug long before anything else.</summary>
    Xid13,

    /// <summary>Noise: corrected host memory error (EDAC CE).</summary>
    EdacCorrected,

    /// <summary>Noise: PCIe correctable error on a NIC.</summary>
    AerCorrected,

    /// <summary>Noise: a metrics-uploader thread traceback (network hiccup) on one rank.</summary>
    UploaderTraceback,

    /// <summary>Noise: a single IB port error / active pair on one host.</summary>
    PortBlip,

    /// <summary>Noise: fp16 loss-scale overflow during warm-up (DeepSpeed).</summary>
    WarmupOverflow,

    /// <summary>A NIC port loses its link (cable/module) on one host and stays down until <see cref="SideEvent.Seconds"/> later.</summary>
    NicDown,

    /// <summary>A loss spike from silent data corruption on one GPU: Megatron's result validation names the rank, node and device.</summary>
    SdcSpike,

    /// <summary>An error no rule knows (<see cref="Output.UnknownMessage"/>) printed by many ranks at once.</summary>
    UnknownMessage,
}
