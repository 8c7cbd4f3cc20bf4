using Triage.Hypotheses;
using Triage.Simulator.Truth;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Simulator.Tests.Evaluation;

/// <summary>Hand-made truths, symptoms and analyses for the scorer tests.</summary>
internal static class EvalFixtures
{
    public static Factor F(string key, string value) => new(key, value);

    public static TruthCause Cause(string id, SymptomCategory category, params IReadOnlyList<Factor>[] match) =>
        new(id, id, category, "summary of " + id, match, new DateTimeOffset(2026, 5, 2, 3, 14, 7, TimeSpan.Zero));

    public static Hypothesis HypothesisOf(string id, int rank, SymptomCategory category, params Factor[] factors) => new()
    {
        Id = id,
        Rank = rank,
        Title = "hypothesis " + id,
        Category = category,
        Factors = factors,
        Explains = new HypothesisExplains(0, 0, [], 0, 0, 0),
    };

    public static Symptom SymptomAt(string path, long line, string kind = "nccl.timeout") => new()
    {
        Id = $"{path}:{line}",
        Run = "run",
        Kind = kind,
        Signature = kind,
        Message = "line " + line,
        Source = new SymptomSource(path, line, line * 100),
        Rule = "test",
    };

    public static GroundTruth TruthOf(IReadOnlyList<TruthCause> causes, IReadOnlyList<TruthSymptom> symptoms, IReadOnlyList<TruthNoise>? noise = null) =>
        new("run", [.. causes.Select(c => c.Scenario)], 7, 16, 8, causes, symptoms, noise ?? []);

    public static Analysis AnalysisOf(IReadOnlyList<Hypothesis> hypotheses, Attribution? attribution = null) =>
        new("run", 0, hypotheses, 0, attribution ?? Attribution.Empty, DateTimeOffset.UnixEpoch);

    /// <summary>An attribution naming symptoms by id (the fixtures' ids are "path:line").</summary>
    public static Attribution ById(params (string SymptomId, string Hypothesis, AttributionRole Role)[] entries) =>
        new(entries.ToDictionary(e => e.SymptomId, e => (e.Hypothesis, e.Role)), []);

    public static Attribution ByKind(string hypothesis, params string[] kinds) =>
        new(new Dictionary<string, (string, AttributionRole)>(), [new AttributionClaim(hypothesis, AttributionRole.Collateral, new SymptomFilter { Kinds = kinds })]);

    public static async IAsyncEnumerable<Symptom> Stream(params Symptom[] symptoms)
    {
        foreach (var symptom in symptoms)
        {
            await Task.Yield();
            yield return symptom;
        }
    }
}
