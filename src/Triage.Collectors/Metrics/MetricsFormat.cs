namespace Triage.Collectors.Metrics;

/// <summary>How a metrics file is written, recognised by content (see <see cref="MetricsSniffer"/>).</summary>
internal enum MetricsFormat
{
    /// <summary>Not a metrics file.</summary>
    None,

    /// <summary>JSONL, one flat object with an integer step per line, numbers only.</summary>
    Jsonl,

    /// <summary>CSV with a header naming a step column.</summary>
    Csv,

    /// <summary>A TensorBoard event file (TFRecord framing around Event protos).</summary>
    TfEvents,

    /// <summary>A log, read for its training-progress lines only (Megatron-LM, DeepSpeed; see <see cref="IterationLineParser"/>).</summary>
    LogLines,
}
