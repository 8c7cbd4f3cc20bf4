using System.Globalization;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>How the narrator words kinds, counts, shares and probabilities (invariant culture).</summary>
internal static class Wording
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    internal static string KindPhrase(IReadOnlyList<Symptom> roots) =>
        string.Join(", ", roots.GroupBy(s => s.Kind, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => Human(g.First())));

    internal static string Human(Symptom s) => s.Kind switch
    {
        "gpu.xid" => s.Attrs.TryGetValue("xid", out var xid) ? $"Xid {xid}" + (s.Attrs.TryGetValue("meaning", out var m) ? $" ({m})" : string.Empty) : "Xid",
        "gpu.lost" => "GPU lost",
        "gpu.ecc" => "uncorrectable ECC errors",
        "cuda.illegal_address" => "illegal memory accesses",
        "cuda.device_assert" => "device-side asserts",
        "cuda.oom" => "CUDA out of memory",
        "proc.segfault" => "segfaults",
        "proc.oom_killed" => "OOM kills",
        "py.fatal" => "fatal Python errors",
        "py.exception" => "Python exceptions",
        "train.nan" => "NaN losses",
        "train.loss_spike" => "loss spikes",
        "net.ib_link" => "InfiniBand link errors",
        "nccl.net_error" => "NCCL network errors",
        "nccl.timeout" => "collective timeouts",
        _ => s.Kind,
    };

    internal static string KindCounts(IEnumerable<Symptom> symptoms, IEnumerable<long>? counts = null)
    {
        var list = symptoms.ToList();
        var weights = counts?.ToList() ?? list.Select(_ => 1L).ToList();
        return string.Join(", ", list.Select((s, i) => (s.Kind, weights[i]))
            .GroupBy(x => x.Kind, StringComparer.Ordinal)
            .Select(g => (Kind: g.Key, Count: g.Sum(x => x.Item2)))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Kind, StringComparer.Ordinal)
            .Take(6)
            .Select(x => string.Create(Inv, $"{x.Kind} ×{x.Count.ToString("N0", Inv)}")));
    }

    internal static string Plural(int n, string noun) => string.Create(Inv, $"{n.ToString("N0", Inv)} {noun}{(n == 1 ? string.Empty : "s")}");

    internal static string Percent(double share) => share >= 0.1 ? share.ToString("0%", Inv) : share >= 0.001 ? share.ToString("0.0#%", Inv) : share.ToString("0.0##%", Inv);

    internal static string Lift(int k, int n, double p) => string.Create(Inv, $"{(double)k / n / p:0.#}×");

    internal static string P(double p) => p < 1e-4 ? p.ToString("0.0e0", Inv) : p.ToString("0.####", Inv);

    internal static string Factor(double logBf) => logBf > Math.Log(1e6) ? "more than a million" : Math.Exp(logBf).ToString("0.#", Inv);

    internal static string Time(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss'Z'", Inv) ?? "an unknown time";

    internal static string Short(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ⏎ ");
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
