using System.Text.Json;
using Triage.Hypotheses;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Hypotheses (one document per run and hypothesis id, the <c>triage.analysis/v1</c> object in
/// <c>doc</c>) and the latest analysis of a run (counts, attribution by id and claims). A
/// hypothesis a later analysis no longer produces is kept with no rank, so its votes survive.
/// </summary>
internal sealed class HypothesisDocuments
{
    private readonly StateIndex _state;
    private readonly EsLayout _layout;

    public HypothesisDocuments(StateIndex state, EsLayout layout)
    {
        _state = state;
        _layout = layout;
    }

    public async Task SaveAsync(Analysis analysis, CancellationToken cancellationToken)
    {
        var run = analysis.Run;
        var existing = await _state.SearchAsync("read hypotheses", _layout.Hypotheses, "run", run, cancellationToken).ConfigureAwait(false);
        var fresh = analysis.Hypotheses.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var old in existing.Where(e => !fresh.Contains(StateIndex.Text(e, "hypothesis_id"))))
        {
            var id = StateIndex.Text(old, "hypothesis_id");
            await _state.PutAsync("save an analysis", _layout.Hypotheses, EsLayout.DocumentId(run, id), w => WriteUnranked(w, old), cancellationToken).ConfigureAwait(false);
        }

        var firstAnalyzed = existing.ToDictionary(e => StateIndex.Text(e, "hypothesis_id"), e => StateIndex.Text(e, "first_analyzed"), StringComparer.Ordinal);
        foreach (var h in analysis.Hypotheses)
        {
            var first = firstAnalyzed.GetValueOrDefault(h.Id) ?? SymptomDocument.Time(analysis.AnalyzedAt);
            await _state.PutAsync("save an analysis", _layout.Hypotheses, EsLayout.DocumentId(run, h.Id), w =>
            {
                w.WriteStartObject();
                w.WriteString("run", run);
                w.WriteString("hypothesis_id", h.Id);
                w.WriteNumber("rank", h.Rank);
                w.WriteNumber("score", h.Score);
                w.WritePropertyName("doc");
                AnalysisJson.WriteHypothesis(w, h);
                w.WriteString("first_analyzed", first);
                w.WriteString("last_analyzed", SymptomDocument.Time(analysis.AnalyzedAt));
                w.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
        }

        await _state.PutAsync("save an analysis", _layout.Analyses, EsLayout.DocumentId(run), w => WriteAnalysis(w, analysis), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Hypothesis>> ListAsync(string run, Dictionary<string, VoteTally> votes, CancellationToken cancellationToken)
    {
        var docs = await _state.SearchAsync("read hypotheses", _layout.Hypotheses, "run", run, cancellationToken).ConfigureAwait(false);
        return docs
            .Select(d =>
            {
                var rank = d.TryGetProperty("rank", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 0;
                var h = AnalysisJson.ReadHypothesis(d.GetProperty("doc"));
                return h with { Rank = rank, Votes = votes.GetValueOrDefault(h.Id, VoteTally.None) };
            })
            .OrderBy(h => h.Rank == 0 ? 1 : 0)
            .ThenBy(h => h.Rank)
            .ThenByDescending(h => h.Score)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<Attribution?> AttributionAsync(string run, CancellationToken cancellationToken)
    {
        var docs = await _state.SearchAsync("read an attribution", _layout.Analyses, "run", run, cancellationToken).ConfigureAwait(false);
        if (docs.Count == 0)
        {
            return null;
        }

        var doc = docs[0];
        var byId = new Dictionary<string, (string, AttributionRole)>(StringComparer.Ordinal);
        foreach (var e in doc.GetProperty("by_id").EnumerateArray())
        {
            byId[e[0].GetString()!] = (e[1].GetString()!, Role(e[2].GetString()));
        }

        var claims = doc.GetProperty("claims").EnumerateArray().Select(c => AttributionClaimJson.Read(c, run)).ToList();
        return new Attribution(byId, claims);
    }

    private static void WriteUnranked(Utf8JsonWriter w, JsonElement old)
    {
        w.WriteStartObject();
        foreach (var p in old.EnumerateObject().Where(p => p.Name != "rank"))
        {
            p.WriteTo(w);
        }

        w.WriteNull("rank");
        w.WriteEndObject();
    }

    private static void WriteAnalysis(Utf8JsonWriter w, Analysis analysis)
    {
        w.WriteStartObject();
        w.WriteString("run", analysis.Run);
        w.WriteString("analyzed_at", SymptomDocument.Time(analysis.AnalyzedAt));
        w.WriteNumber("symptoms", analysis.Symptoms);
        w.WriteNumber("unexplained", analysis.Unexplained);
        w.WriteStartArray("by_id");
        foreach (var (symptomId, (hypothesis, role)) in analysis.Attribution.ById.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartArray();
            w.WriteStringValue(symptomId);
            w.WriteStringValue(hypothesis);
            w.WriteStringValue(RoleName(role));
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteStartArray("claims");
        foreach (var claim in analysis.Attribution.Claims)
        {
            AttributionClaimJson.Write(w, claim);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string RoleName(AttributionRole role) => role == AttributionRole.Root ? "root" : "collateral";

    private static AttributionRole Role(string? text) => text == "root" ? AttributionRole.Root : AttributionRole.Collateral;
}
