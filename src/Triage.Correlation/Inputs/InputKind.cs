namespace Triage.Correlation.Inputs;

/// <summary>What a run-directory file holds, as far as run metadata goes.</summary>
internal enum InputKind
{
    /// <summary>Not run metadata (a log, a dump, some other file).</summary>
    Other,

    /// <summary>Host → rack/switch/GPU topology.</summary>
    Topology,

    /// <summary>Run facts (run.yaml).</summary>
    RunFacts,

    /// <summary>A step manifest (JSONL with rank, step and string fields).</summary>
    Manifest,

    /// <summary>Training metrics (JSONL with step and numbers only).</summary>
    Metrics,
}
