using System.Globalization;
using System.Text.Json;
using Triage.Symptoms;

namespace Triage.Hypotheses;

/// <summary>
/// The <c>triage.analysis/v1</c> contract of docs/architecture.md §4 (<c>triage analyze --json</c>): snake_case
/// names; fields are added freely, never renamed or removed. Also how a store keeps a hypothesis.
/// </summary>
public static class AnalysisJson
{
    /// <summary>The schema name.</summary>
    public const string Schema = "triage.analysis/v1";

    /// <summary>Writes the whole analysis object.</summary>
    public static void Write(Utf8JsonWriter writer, Analysis analysis)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(analysis);
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteString("run", analysis.Run);
        writer.WriteNumber("symptoms", analysis.Symptoms);
        writer.WriteNumber("root_symptoms", analysis.Roots);
        writer.WriteString("analyzed_at", Time(analysis.AnalyzedAt));
        writer.WriteStartArray("hypotheses");
        foreach (var hypothesis in analysis.Hypotheses)
        {
            WriteHypothesis(writer, hypothesis);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("unexplained");
        writer.WriteNumber("symptoms", analysis.Unexplained);
        writer.WriteEndObject();
        writer.WriteStartArray("notes");
        foreach (var note in analysis.Notes)
        {
            writer.WriteStringValue(note);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes one hypothesis object.</summary>
    public static void WriteHypothesis(Utf8JsonWriter writer, Hypothesis h)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(h);
        writer.WriteStartObject();
        writer.WriteString("id", h.Id);
        writer.WriteNumber("rank", h.Rank);
        writer.WriteString("title", h.Title);
        writer.WriteString("category", Names.Of(h.Category));
        writer.WriteStartArray("factors");
        foreach (var f in h.Factors)
        {
            writer.WriteStartObject();
            writer.WriteString("key", f.Key);
            writer.WriteString("value", f.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("score", Math.Round(h.Score, 4));
        writer.WriteStartObject("explains");
        writer.WriteNumber("symptoms", h.Explains.Symptoms);
        writer.WriteNumber("fraction", Math.Round(h.Explains.Fraction, 4));
        writer.WriteStartArray("kinds");
        foreach (var kind in h.Explains.Kinds)
        {
            writer.WriteStringValue(kind);
        }

        writer.WriteEndArray();
        writer.WriteNumber("hosts", h.Explains.Hosts);
        writer.WriteNumber("ranks", h.Explains.Ranks);
        writer.WriteNumber("root_symptoms", h.Explains.RootSymptoms);
        writer.WriteEndObject();
        if (h.FirstSeen is { } first)
        {
            writer.WriteString("first_seen", Time(first));
        }
        else
        {
            writer.WriteNull("first_seen");
        }

        WriteStrings(writer, "evidence", h.Evidence);
        WriteStrings(writer, "counter_evidence", h.CounterEvidence);
        writer.WriteString("next_check", h.NextCheck);
        WriteContrast(writer, h.Contrast);
        writer.WriteStartObject("votes");
        writer.WriteNumber("up", h.Votes.Up);
        writer.WriteNumber("down", h.Votes.Down);
        writer.WriteEndObject();
        writer.WriteStartArray("samples");
        foreach (var s in h.Samples)
        {
            writer.WriteStartObject();
            writer.WriteString("id", s.Id);
            writer.WriteString("kind", s.Kind);
            writer.WriteString("role", s.Role == AttributionRole.Root ? "root" : "collateral");
            writer.WriteString("path", s.Path);
            writer.WriteNumber("line", s.Line);
            if (s.Host is not null)
            {
                writer.WriteString("host", s.Host);
            }

            if (s.Rank is { } rank)
            {
                writer.WriteNumber("rank", rank);
            }

            if (s.Timestamp is { } t)
            {
                writer.WriteString("@timestamp", Time(t));
            }

            writer.WriteString("message", s.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a hypothesis object written by <see cref="WriteHypothesis"/>.</summary>
    public static Hypothesis ReadHypothesis(JsonElement e)
    {
        var explains = e.GetProperty("explains");
        return new Hypothesis
        {
            Id = e.GetProperty("id").GetString()!,
            Rank = e.GetProperty("rank").GetInt32(),
            Title = e.GetProperty("title").GetString()!,
            Category = Names.TryParseCategory(e.GetProperty("category").GetString(), out var c) ? c : SymptomCategory.Unknown,
            Factors = e.GetProperty("factors").EnumerateArray().Select(f => new Factor(f.GetProperty("key").GetString()!, f.GetProperty("value").GetString()!)).ToList(),
            Score = e.GetProperty("score").GetDouble(),
            Explains = new HypothesisExplains(
                explains.GetProperty("symptoms").GetInt64(),
                explains.GetProperty("fraction").GetDouble(),
                explains.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!).ToList(),
                explains.GetProperty("hosts").GetInt32(),
                explains.GetProperty("ranks").GetInt32(),
                explains.TryGetProperty("root_symptoms", out var r) ? r.GetInt64() : 0),
            FirstSeen = e.GetProperty("first_seen").ValueKind == JsonValueKind.String
                ? DateTimeOffset.Parse(e.GetProperty("first_seen").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : null,
            Evidence = Strings(e, "evidence"),
            CounterEvidence = Strings(e, "counter_evidence"),
            NextCheck = e.GetProperty("next_check").GetString() ?? string.Empty,
            Contrast = e.TryGetProperty("contrast", out var contrast) && contrast.ValueKind == JsonValueKind.Object
                ? new FactorContrast(
                    new Factor(contrast.GetProperty("key").GetString()!, contrast.GetProperty("value").GetString()!),
                    contrast.GetProperty("failures").GetInt32(),
                    contrast.GetProperty("tested").GetInt32(),
                    contrast.GetProperty("baseline").GetDouble(),
                    contrast.GetProperty("unit").GetString() ?? string.Empty)
                : null,
            Votes = new VoteTally(e.GetProperty("votes").GetProperty("up").GetInt32(), e.GetProperty("votes").GetProperty("down").GetInt32()),
            Samples = e.TryGetProperty("samples", out var samples)
                ? samples.EnumerateArray().Select(s => new SymptomSample(
                    s.GetProperty("id").GetString()!,
                    s.GetProperty("kind").GetString()!,
                    s.GetProperty("path").GetString()!,
                    s.GetProperty("line").GetInt64(),
                    s.TryGetProperty("host", out var host) ? host.GetString() : null,
                    s.TryGetProperty("rank", out var rank) ? rank.GetInt32() : null,
                    s.TryGetProperty("@timestamp", out var ts) ? DateTimeOffset.Parse(ts.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
                    s.GetProperty("message").GetString()!,
                    s.GetProperty("role").GetString() == "root" ? AttributionRole.Root : AttributionRole.Collateral)).ToList()
                : [],
        };
    }

    private static void WriteContrast(Utf8JsonWriter writer, FactorContrast? contrast)
    {
        if (contrast is null)
        {
            writer.WriteNull("contrast");
            return;
        }

        writer.WriteStartObject("contrast");
        writer.WriteString("key", contrast.Factor.Key);
        writer.WriteString("value", contrast.Factor.Value);
        writer.WriteNumber("failures", contrast.Failures);
        writer.WriteNumber("tested", contrast.Tested);
        writer.WriteNumber("baseline", Math.Round(contrast.Baseline, 6));
        writer.WriteString("unit", contrast.Unit);
        writer.WriteEndObject();
    }

    private static List<string> Strings(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToList();

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
