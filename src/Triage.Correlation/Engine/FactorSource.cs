namespace Triage.Correlation.Engine;

/// <summary>Where a factor key comes from, which decides what a concentration on it means.</summary>
internal enum FactorSource
{
    /// <summary>A hardware component: host, GPU, rank, or a topology attribute (rack, switch, ...).</summary>
    Component,

    /// <summary>A run fact that changes between attempts (a library version).</summary>
    RunFact,

    /// <summary>A step-manifest attribute (data shard, code version, ...).</summary>
    Manifest,

    /// <summary>The mined template of an error no rule knows (<c>log.unknown</c>), shared by many ranks.</summary>
    Template,
}
