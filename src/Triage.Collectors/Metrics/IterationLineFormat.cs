namespace Triage.Collectors.Metrics;

/// <summary>Which training framework printed a log line's metric values (see <see cref="IterationLineParser"/>).</summary>
internal enum IterationLineFormat
{
    /// <summary>Not from a log line: a metrics file's row.</summary>
    None,

    /// <summary>A Megatron-LM (or Megatron-DeepSpeed) <c>iteration N/ M | name: value | ...</c> line.</summary>
    Megatron,

    /// <summary>DeepSpeed's <c>[Rank 0] step=N, skipped=K, lr=[...]</c> or <c>steps: N loss: ... iter time (s): ...</c> line.</summary>
    DeepSpeed,
}
