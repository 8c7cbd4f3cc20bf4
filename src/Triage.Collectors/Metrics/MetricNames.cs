using System.Collections.Concurrent;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Canonical metric names, so JSONL keys, CSV headers, TensorBoard tags and Megatron / DeepSpeed
/// line fields meet: <c>loss</c>, <c>grad_norm</c>, <c>loss_scale</c>, <c>lr</c>, <c>step_time_ms</c>,
/// <c>skipped</c>, <c>tokens_per_s</c>. Any other name is kept as written (lower case, spaces and
/// dashes as underscores). Thread-safe.
/// </summary>
internal static class MetricNames
{
    public const string Loss = "loss";
    public const string GradNorm = "grad_norm";
    public const string LossScale = "loss_scale";
    public const string StepTimeMs = "step_time_ms";
    public const string Skipped = "skipped";

    private const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<string, (string Name, double Scale)> Cache = new(StringComparer.Ordinal);

    /// <summary>The canonical name of <paramref name="raw"/> and the factor its value is multiplied by (seconds → ms).</summary>
    public static (string Name, double Scale) Canonical(string raw)
    {
        if (Cache.TryGetValue(raw, out var hit))
        {
            return hit;
        }

        var result = Compute(raw);
        if (Cache.Count < MaxCached)
        {
            Cache.TryAdd(raw, result);
        }

        return result;
    }

    private static (string, double) Compute(string raw)
    {
        // TensorBoard tags carry a path ("train/loss", "lm-loss-training/lm loss"): the last part names the value.
        var slash = raw.LastIndexOf('/');
        var prefix = slash > 0 ? raw[..slash].ToLowerInvariant() : string.Empty;
        var name = (slash >= 0 ? raw[(slash + 1)..] : raw).Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
        if (prefix.Contains("val", StringComparison.Ordinal) || prefix.Contains("eval", StringComparison.Ordinal))
        {
            return (prefix.Replace('/', '_') + "_" + name, 1);
        }

        return name switch
        {
            "loss" or "lm_loss" or "train_loss" or "training_loss" or "loss_train" => (Loss, 1),
            "grad_norm" or "gradnorm" or "grad_norm_total" or "global_grad_norm" => (GradNorm, 1),
            "loss_scale" or "loss_scaler" or "scale" when name != "scale" || prefix.Contains("loss", StringComparison.Ordinal) => (LossScale, 1),
            "lr" or "learning_rate" => ("lr", 1),
            "step_time_ms" or "iter_time_ms" or "iteration_time_ms" or "elapsed_time_per_iteration_ms" or "elapsed_time_per_iteration_(ms)" => (StepTimeMs, 1),
            "step_time" or "iter_time" or "iteration_time" or "step_time_s" or "iter_time_s" or "iteration_time_(s)" or "iter_time_(s)" => (StepTimeMs, 1000),
            "skipped" or "skipped_iterations" or "number_of_skipped_iterations" or "skipped_steps" or "num_skipped" => (Skipped, 1),
            "tokens_per_s" or "tokens_per_sec" or "tokens_per_second" or "throughput_tokens" => ("tokens_per_s", 1),
            _ => (name, 1),
        };
    }
}
