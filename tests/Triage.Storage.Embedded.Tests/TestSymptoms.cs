using Triage.Symptoms;

namespace Triage.Storage.Embedded.Tests;

/// <summary>Deterministic, varied symptoms for the tests.</summary>
internal static class TestSymptoms
{
    public static readonly DateTimeOffset T0 = new(2026, 5, 2, 3, 14, 7, TimeSpan.Zero);

    private static readonly string[] Kinds = ["cuda.illegal_address", "nccl.timeout", "gpu.xid", "train.nan"];

    /// <summary>Symptom number <paramref name="n"/>: every 10th has no time, every 7th no host.</summary>
    public static Symptom Make(int n, string run = "run-a", string source = "src-1") => new()
    {
        Id = SymptomId.Create(run, source, n * 100L, "rule.test"),
        Run = run,
        Timestamp = n % 10 == 0 ? null : T0.AddSeconds(n % 97).AddMilliseconds(n),
        TimeInferred = n % 3 == 0,
        Host = n % 7 == 0 ? null : $"node-{n % 5:000}",
        Rank = n % 11 == 0 ? null : n % 16,
        LocalRank = n % 8,
        Gpu = n % 8,
        Pid = 4000 + n,
        Kind = Kinds[n % Kinds.Length],
        Category = (SymptomCategory)(n % 7),
        Severity = (Severity)(n % 4),
        Signature = $"sig-{n % 6}",
        Message = $"[rank{n % 16}]: message number {n} Watchdog caught collective operation timeout",
        Source = new SymptomSource($"logs/node-{n % 5:000}.log", n + 1, n * 100L),
        Rule = $"rule.{n % 2}",
        Attrs = n % 4 == 0
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["data_shard"] = $"web-{n % 3:0000}", ["step"] = (n * 10).ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static Symptom[] Range(int start, int count, string run = "run-a", string source = "src-1") =>
        Enumerable.Range(start, count).Select(n => Make(n, run, source)).ToArray();

    /// <summary>The order the store pages in: timeless first, then by time, then by id (ordinal).</summary>
    public static IOrderedEnumerable<Symptom> InStoreOrder(this IEnumerable<Symptom> symptoms) =>
        symptoms
            .OrderBy(s => s.Timestamp is null ? 0 : 1)
            .ThenBy(s => s.Timestamp?.ToUnixTimeMilliseconds())
            .ThenBy(s => s.Id, StringComparer.Ordinal);
}
