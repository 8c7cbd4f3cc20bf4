using Triage.Symptoms;

namespace Triage.Rules.Tests.Causal.Support;

/// <summary>Terse symptoms for causal tests.</summary>
internal static class Symptoms
{
    public static Symptom Make(
        string id, string kind, int seconds, string? host = null, int? rank = null, int? gpu = null, int? pid = null,
        Severity severity = Severity.Error, string run = "r", IReadOnlyDictionary<string, string>? attrs = null) => new()
        {
            Id = id,
            Run = run,
            Kind = kind,
            Timestamp = CausalGenerators.Epoch.AddSeconds(seconds),
            Host = host,
            Rank = rank,
            Gpu = gpu,
            Pid = pid,
            Severity = severity,
            Category = SymptomKinds.TryGet(kind, out var k) ? k.DefaultCategory : SymptomCategory.Unknown,
            Attrs = attrs ?? new Dictionary<string, string>(),
            Signature = kind,
            Message = string.Empty,
            Source = new SymptomSource("x.log", 1, 0),
            Rule = "t",
        };
}
