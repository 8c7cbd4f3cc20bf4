using System.Text;
using System.Text.Json;
using Triage.Hypotheses;
using Triage.Reports.Model;
using Triage.Symptoms;

namespace Triage.Reports.Rendering;

/// <summary>
/// The <c>triage.report/v1</c> JSON contract (<c>triage report --format json</c>): a post-mortem's data
/// for other tools, snake_case, times as ISO 8601 UTC; hypotheses as in <c>triage.analysis/v1</c>.
/// Fields are added freely, never renamed or removed. Thread-safe (stateless).
/// </summary>
public static class ReportJson
{
    /// <summary>The schema name.</summary>
    public const string Schema = "triage.report/v1";

    /// <summary>The report as indented JSON.</summary>
    public static string Render(PostMortem report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SymptomJson.WriterOptions.Encoder, Indented = true }))
        {
            Write(w, report);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes the report object.</summary>
    public static void Write(Utf8JsonWriter w, PostMortem report)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteString("run", report.Run);
        w.WriteString("generated_at", ReportFormat.Iso(report.GeneratedAt));
        w.WriteNumber("symptoms", report.Symptoms);
        var s = report.Summary;
        w.WriteStartObject("summary");
        w.WriteString("hypothesis", s.Cause.Id);
        w.WriteBoolean("confirmed", s.Confirmed);
        Review(w, "decision", s.Decision);
        w.WriteNumber("hypotheses", s.Hypotheses);
        w.WriteNumber("first_failures", s.FirstFailures);
        w.WriteEndObject();
        Impact(w, report.Impact);
        w.WriteStartArray("timeline");
        foreach (var e in report.Timeline)
        {
            w.WriteStartObject();
            Time(w, "at", e.At);
            w.WriteString("kind", ReportFormat.Kind(e.Kind).Replace(' ', '_'));
            w.WriteString("text", e.Text);
            Optional(w, "who", e.Who);
            Optional(w, "where", e.Where);
            Optional(w, "hypothesis", e.HypothesisId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Belief(w, report.Belief);
        w.WriteStartArray("hypotheses");
        foreach (var h in report.Hypotheses)
        {
            w.WriteStartObject();
            w.WriteString("status", ReportFormat.Status(h.Status));
            Review(w, "decision", h.Decision);
            w.WriteStartArray("notes");
            foreach (var note in h.Notes)
            {
                Review(w, null, note);
            }

            w.WriteEndArray();
            w.WritePropertyName("hypothesis");
            AnalysisJson.WriteHypothesis(w, h.Hypothesis);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("action_items");
        foreach (var a in report.ActionItems)
        {
            w.WriteStartObject();
            w.WriteString("hypothesis", a.HypothesisId);
            w.WriteNumber("rank", a.Rank);
            w.WriteString("title", a.Title);
            w.WriteString("check", a.Check);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        RawLines(w, report.RawLines);
        Inputs(w, report.Inputs);
        Plots(w, report.Plots);
        w.WriteStartArray("notes");
        foreach (var note in report.Notes)
        {
            w.WriteStringValue(note);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Impact(Utf8JsonWriter w, ReportImpact i)
    {
        w.WriteStartObject("impact");
        Number(w, "attempts", i.Attempts);
        Number(w, "restarts", i.Restarts);
        Time(w, "first_failure", i.FirstFailure);
        Time(w, "last_failure", i.LastFailure);
        Time(w, "last_restart", i.LastRestart);
        Number(w, "time_lost_s", i.TimeLost is { } lost ? (int)lost.TotalSeconds : null);
        w.WriteNumber("hosts_hit", i.HostsHit);
        w.WriteNumber("ranks_hit", i.RanksHit);
        w.WriteNumber("hosts_with_first_failures", i.HostsWithFirstFailures);
        w.WriteNumber("ranks_with_first_failures", i.RanksWithFirstFailures);
        Number(w, "hosts", i.Hosts);
        Number(w, "world_size", i.WorldSize);
        w.WriteEndObject();
    }

    private static void Belief(Utf8JsonWriter w, BeliefSection b)
    {
        w.WriteStartObject("belief");
        w.WriteBoolean("history_complete", b.HistoryComplete);
        Optional(w, "favoured", b.FavouredId, writeNull: true);
        Optional(w, "confirmed", b.ConfirmedId, writeNull: true);
        w.WriteStartArray("findings");
        foreach (var f in b.Findings)
        {
            w.WriteStringValue(f);
        }

        w.WriteEndArray();
        w.WriteStartArray("rows");
        foreach (var r in b.Rows)
        {
            w.WriteStartObject();
            w.WriteString("hypothesis", r.Id);
            w.WriteNumber("rank", r.Rank);
            w.WriteNumber("score", Math.Round(r.Score, 4));
            w.WriteNumber("up", r.Up);
            w.WriteNumber("down", r.Down);
            w.WriteNumber("net", r.Net);
            w.WriteNumber("peak_net", r.PeakNet);
            w.WriteString("status", ReportFormat.Status(r.Status));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("votes");
        foreach (var v in b.Votes)
        {
            w.WriteStartObject();
            w.WriteString("at", ReportFormat.Iso(v.At));
            w.WriteString("voter", v.Voter);
            w.WriteString("hypothesis", v.HypothesisId);
            w.WriteNumber("vote", v.Vote);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("dissent");
        foreach (var d in b.Dissent)
        {
            w.WriteStartObject();
            w.WriteString("at", ReportFormat.Iso(d.At));
            w.WriteString("who", d.Who);
            w.WriteString("hypothesis", d.HypothesisId);
            w.WriteString("text", d.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void RawLines(Utf8JsonWriter w, IReadOnlyList<KindLines> kinds)
    {
        w.WriteStartArray("raw_lines");
        foreach (var k in kinds)
        {
            w.WriteStartObject();
            w.WriteString("kind", k.Kind);
            w.WriteNumber("count", k.Count);
            w.WriteStartArray("lines");
            foreach (var l in k.Lines)
            {
                w.WriteStartObject();
                w.WriteString("path", l.Path);
                w.WriteNumber("line", l.Line);
                Optional(w, "host", l.Host);
                Number(w, "rank", l.Rank, writeNull: false);
                if (l.At is { } at)
                {
                    w.WriteString("@timestamp", ReportFormat.Iso(at));
                }

                w.WriteString("text", l.Text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Inputs(Utf8JsonWriter w, ReportInputs inputs)
    {
        w.WriteStartObject("inputs");
        w.WriteStartArray("sources");
        foreach (var src in inputs.Sources)
        {
            w.WriteStartObject();
            w.WriteString("path", src.Path);
            w.WriteNumber("lines", src.Lines);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Strings(w, "metadata", inputs.Metadata);
        Strings(w, "metrics_files", inputs.MetricsFiles);
        w.WriteStartArray("problems");
        foreach (var p in inputs.Problems)
        {
            w.WriteStartObject();
            w.WriteString("path", p.Path);
            w.WriteString("kind", p.Kind);
            w.WriteString("reason", p.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Plots(Utf8JsonWriter w, PlotData plots)
    {
        w.WriteStartObject("plots");
        w.WriteStartObject("curves");
        foreach (var name in plots.Curve.Points.Select(p => p.Name).Distinct(StringComparer.Ordinal))
        {
            var points = plots.Curve.Points.Where(p => p.Name == name).ToList();
            var finite = points.Where(p => double.IsFinite(p.Value)).Select(p => p.Value).ToList();
            w.WriteStartObject(name);
            w.WriteNumber("points", points.Count);
            w.WriteNumber("not_finite", points.Count - finite.Count);
            if (finite.Count > 0)
            {
                w.WriteNumber("min", finite.Min());
                w.WriteNumber("max", finite.Max());
            }

            w.WriteEndObject();
        }

        w.WriteBoolean("thinned", plots.Curve.Thinned);
        w.WriteEndObject();
        w.WriteStartArray("markers");
        foreach (var m in plots.Markers)
        {
            w.WriteStartObject();
            w.WriteString("at", ReportFormat.Iso(m.At));
            w.WriteString("kind", m.Kind.ToString().ToLowerInvariant());
            w.WriteString("label", m.Label);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("first_failures_by_host");
        Strings(w, "hosts", plots.Lanes.Hosts);
        w.WriteNumber("bucket_seconds", plots.Lanes.BucketSeconds);
        w.WriteStartArray("failures");
        foreach (var (host, at, kind) in plots.Lanes.Failures)
        {
            w.WriteStartObject();
            w.WriteString("host", host);
            w.WriteString("at", ReportFormat.Iso(at));
            w.WriteString("kind", kind);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        if (plots.Contrast is { } c)
        {
            w.WriteStartObject("contrast");
            Optional(w, "hypothesis", plots.ContrastHypothesisId);
            w.WriteString("key", c.Factor.Key);
            w.WriteString("value", c.Factor.Value);
            w.WriteNumber("failures", c.Failures);
            w.WriteNumber("tested", c.Tested);
            w.WriteNumber("failure_share", Math.Round(c.FailureShare, 6));
            w.WriteNumber("baseline_share", Math.Round(c.Baseline, 6));
            w.WriteString("unit", c.Unit);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("contrast");
        }

        w.WriteEndObject();
    }

    private static void Review(Utf8JsonWriter w, string? name, ReviewEntry? entry)
    {
        if (name is not null)
        {
            w.WritePropertyName(name);
        }

        if (entry is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        w.WriteString("kind", entry.Kind.ToString().ToLowerInvariant());
        w.WriteString("author", entry.Author);
        w.WriteString("at", ReportFormat.Iso(entry.At));
        w.WriteString("text", entry.Text);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } value)
        {
            w.WriteString(name, ReportFormat.Iso(value));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, int? n, bool writeNull = true)
    {
        if (n is { } value)
        {
            w.WriteNumber(name, value);
        }
        else if (writeNull)
        {
            w.WriteNull(name);
        }
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value, bool writeNull = false)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
        else if (writeNull)
        {
            w.WriteNull(name);
        }
    }
}
