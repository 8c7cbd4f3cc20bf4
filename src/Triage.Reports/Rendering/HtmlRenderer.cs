using System.Globalization;
using System.Text;
using Triage.Reports.Model;
using Triage.Reports.Plots;
using Triage.Symptoms;

namespace Triage.Reports.Rendering;

/// <summary>
/// Renders a <see cref="PostMortem"/> as one self-contained HTML file: inline CSS and SVG plots, no
/// network, no JavaScript (a Content-Security-Policy forbids scripts and every fetch), readable
/// printed. Every log-derived string is escaped (<see cref="HtmlText"/>), so a hostile log line
/// cannot inject markup or script. Thread-safe (stateless).
/// </summary>
public static class HtmlRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The HTML of <paramref name="report"/> with <paramref name="plots"/> inlined where they belong.</summary>
    public static string Render(PostMortem report, IReadOnlyList<RenderedPlot> plots)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(plots);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Post-mortem: ").Append(H(report.Run)).Append("</title>\n<style>\n").Append(HtmlStyle.Css).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(html, report);
        Summary(html, report, plots);
        Impact(html, report, plots);
        Timeline(html, report, plots);
        Belief(html, report, plots);
        Others(html, report);
        Actions(html, report);
        Appendix(html, report);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, PostMortem report)
    {
        var s = report.Summary;
        var i = report.Impact;
        html.Append("<header>\n<p class=\"kicker\">Post-mortem</p>\n<h1>").Append(H(report.Run)).Append("</h1>\n");
        html.Append("<p class=\"meta\">Generated ").Append(ReportFormat.Time(report.GeneratedAt)).Append(" by <code>triage report</code> from the run's ledger: ")
            .Append(ReportFormat.N(report.Symptoms)).Append(" symptoms, ").Append(ReportFormat.Plural(s.FirstFailures, "first failure", "first failures")).Append(" attributed to ")
            .Append(ReportFormat.Plural(s.Hypotheses, "hypothesis", "hypotheses")).Append(".</p>\n");
        html.Append(s.Confirmed ? "<div class=\"verdict confirmed\">" : "<div class=\"verdict unconfirmed\">");
        html.Append("<p class=\"label\">").Append(s.Confirmed && s.Decision is { } d ? $"Root cause — confirmed by {H(d.Author)} on {ReportFormat.Time(d.At)}" : "Most likely cause — unconfirmed (nobody has confirmed a hypothesis)").Append("</p>\n");
        html.Append("<p class=\"cause\">").Append(H(s.Cause.Title)).Append("</p>\n");
        if (s.Cause.Factors.Count > 0)
        {
            html.Append("<p class=\"factor\">Trigger: ").Append(string.Join(", ", s.Cause.Factors.Select(f => "<code>" + H(f.ToString()) + "</code>")));
            if (s.Cause.Contrast is { } c)
            {
                html.Append(" — ").Append(H(ReportFormat.Contrast(c)));
            }

            html.Append("</p>\n");
        }

        html.Append("</div>\n<dl class=\"facts\">\n");
        Fact(html, "Attempts", i.Attempts is { } a ? string.Create(Inv, $"{a} ({ReportFormat.Plural(i.Restarts!.Value, "restart", "restarts")})") : "not known");
        Fact(html, "Time lost", i.TimeLost is { } lost ? ReportFormat.Duration(lost) : "not known");
        Fact(html, "Hosts hit", Of(i.HostsHit, i.Hosts));
        Fact(html, "Ranks hit", Of(i.RanksHit, i.WorldSize));
        Fact(html, "Evidence rank", s.Cause.Rank > 0 ? "#" + s.Cause.Rank.ToString(Inv) + ", score " + ReportFormat.Score(s.Cause.Score) : "unranked");
        Fact(html, "Votes", string.Create(Inv, $"{s.Cause.Votes.Up} for, {s.Cause.Votes.Down} against"));
        html.Append("</dl>\n");
        var belief = report.Belief.Findings.Skip(1).ToList();
        if (belief.Count > 0)
        {
            html.Append("<p class=\"belief\"><strong>Belief vs. evidence:</strong> ").Append(H(string.Join(" ", belief))).Append("</p>\n");
        }

        html.Append("</header>\n");
    }

    private static void Summary(StringBuilder html, PostMortem report, IReadOnlyList<RenderedPlot> plots)
    {
        var h = report.Summary.Cause;
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<p>").Append(Code(h.Id)).Append(string.Create(Inv, $", {Names.Of(h.Category)}; explains {ReportFormat.Plural(h.Explains.Symptoms, "symptom", "symptoms")} ({ReportFormat.Percent(h.Explains.Fraction)} of those analysed), {ReportFormat.Plural(h.Explains.RootSymptoms, "first failure", "first failures")}, on {ReportFormat.Plural(h.Explains.Hosts, "host", "hosts")} and {ReportFormat.Plural(h.Explains.Ranks, "rank", "ranks")}; first seen {ReportFormat.Time(h.FirstSeen)}. Kinds: "))
            .Append(H(string.Join(", ", h.Explains.Kinds))).Append(".</p>\n");
        if (report.Summary.Decision is { } d)
        {
            html.Append("<p><strong>Why it was confirmed:</strong> ").Append(H(d.Text)).Append("</p>\n");
        }

        html.Append("<div class=\"two\">\n<div>\n<h3>Evidence</h3>\n");
        List(html, h.Evidence, "none");
        html.Append("</div>\n<div>\n<h3>Counter-evidence</h3>\n");
        List(html, h.CounterEvidence, "none found");
        html.Append("</div>\n</div>\n");
        Figure(html, plots, ReportPlot.Contrast);
        html.Append("</section>\n");
    }

    private static void Impact(StringBuilder html, PostMortem report, IReadOnlyList<RenderedPlot> plots)
    {
        var i = report.Impact;
        html.Append("<section id=\"impact\">\n<h2>Impact</h2>\n<table class=\"kv\">\n");
        Row(html, "Attempts", i.Attempts is { } a ? string.Create(Inv, $"{a} ({ReportFormat.Plural(i.Restarts!.Value, "restart", "restarts")})") : "not known (no run facts)");
        Row(html, "First failure", ReportFormat.Time(i.FirstFailure));
        Row(html, "Last first failure", ReportFormat.Time(i.LastFailure));
        Row(html, "Last restart", i.LastRestart is null ? "not known" : ReportFormat.Time(i.LastRestart));
        Row(html, "Time lost (first failure to last restart)", i.TimeLost is { } lost ? ReportFormat.Duration(lost) : "not known");
        Row(html, "Hosts hit", Of(i.HostsHit, i.Hosts) + string.Create(Inv, $" ({i.HostsWithFirstFailures} with first failures)"));
        Row(html, "Ranks hit", Of(i.RanksHit, i.WorldSize) + string.Create(Inv, $" ({i.RanksWithFirstFailures} with first failures)"));
        html.Append("</table>\n");
        Figure(html, plots, ReportPlot.Curves);
        html.Append("</section>\n");
    }

    private static void Timeline(StringBuilder html, PostMortem report, IReadOnlyList<RenderedPlot> plots)
    {
        html.Append("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
        Figure(html, plots, ReportPlot.FirstFailures);
        html.Append("<table class=\"timeline\">\n<thead><tr><th>Time (UTC)</th><th>What</th><th>Who</th><th>Event</th></tr></thead>\n<tbody>\n");
        foreach (var e in report.Timeline)
        {
            html.Append("<tr class=\"k-").Append(ReportFormat.Kind(e.Kind).Replace(' ', '-')).Append("\"><td class=\"t\">").Append(ReportFormat.Time(e.At)).Append("</td><td>").Append(ReportFormat.Kind(e.Kind))
                .Append("</td><td>").Append(H(e.Who)).Append("</td><td>").Append(H(e.Text));
            if (e.Where is not null)
            {
                html.Append(" <span class=\"where\">").Append(Code(e.Where)).Append("</span>");
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Belief(StringBuilder html, PostMortem report, IReadOnlyList<RenderedPlot> plots)
    {
        var b = report.Belief;
        html.Append("<section id=\"belief\">\n<h2>Belief vs. evidence</h2>\n");
        List(html, b.Findings, "nothing to compare");
        html.Append("<table>\n<thead><tr><th>Evidence rank</th><th>Hypothesis</th><th>Score</th><th>For</th><th>Against</th><th>Peak net</th><th>Status</th></tr></thead>\n<tbody>\n");
        foreach (var r in b.Rows)
        {
            html.Append(r.Id == b.ConfirmedId ? "<tr class=\"confirmed\">" : r.Id == b.FavouredId ? "<tr class=\"favoured\">" : "<tr>")
                .Append("<td>").Append(r.Rank > 0 ? "#" + r.Rank.ToString(Inv) : "unranked").Append("</td><td>").Append(Code(r.Id)).Append(' ').Append(H(r.Title))
                .Append("</td><td>").Append(ReportFormat.Score(r.Score)).Append(string.Create(Inv, $"</td><td>{r.Up}</td><td>{r.Down}</td><td>{ReportFormat.Signed(r.PeakNet)}</td><td>"))
                .Append(ReportFormat.Status(r.Status)).Append(r.Id == b.FavouredId ? ", the team's favourite" : string.Empty).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        Figure(html, plots, ReportPlot.Votes);
        if (b.Dissent.Count > 0)
        {
            html.Append("<h3>Dissent</h3>\n<ul>\n");
            foreach (var d in b.Dissent)
            {
                html.Append("<li>").Append(ReportFormat.Time(d.At)).Append(", <strong>").Append(H(d.Who)).Append("</strong> ").Append(H(d.Text)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        if (b.Votes.Count > 0)
        {
            html.Append("<h3>").Append(b.HistoryComplete ? "Votes in the order they were cast" : "Each engineer's current vote (this store keeps no vote history)").Append("</h3>\n");
            html.Append("<table>\n<thead><tr><th>Time (UTC)</th><th>Who</th><th>Vote</th><th>Hypothesis</th></tr></thead>\n<tbody>\n");
            foreach (var v in b.Votes)
            {
                var h = report.Find(v.HypothesisId);
                html.Append("<tr><td class=\"t\">").Append(ReportFormat.Time(v.At)).Append("</td><td>").Append(H(v.Voter)).Append("</td><td>").Append(v.Vote switch { > 0 => "+1", < 0 => "−1", _ => "withdrawn" })
                    .Append("</td><td>").Append(Code(h is null ? v.HypothesisId : ReportFormat.Name(h))).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    private static void Others(StringBuilder html, PostMortem report)
    {
        html.Append("<section id=\"others\">\n<h2>Other hypotheses</h2>\n");
        var others = report.Hypotheses.Where(h => h.Hypothesis.Id != report.Summary.Cause.Id).ToList();
        if (others.Count == 0)
        {
            html.Append("<p>None: the analysis found one cause.</p>\n");
        }

        foreach (var o in others)
        {
            var h = o.Hypothesis;
            html.Append("<article class=\"hyp s-").Append(ReportFormat.Status(o.Status)).Append("\">\n<h3>").Append(H(ReportFormat.Name(h))).Append(": ").Append(H(h.Title)).Append("</h3>\n");
            html.Append("<p class=\"status\">").Append(o.Status switch
            {
                ReviewStatus.Rejected => $"Rejected by {H(o.Decision!.Author)} on {ReportFormat.Time(o.Decision.At)}: {H(o.Decision.Text)}",
                ReviewStatus.Confirmed => $"Also confirmed by {H(o.Decision!.Author)} on {ReportFormat.Time(o.Decision.At)}: {H(o.Decision.Text)}",
                _ => "Left open: nobody decided on it; its next check is an action item." + (h.CounterEvidence.Count > 0 ? " The counter-evidence below weighs against it." : string.Empty),
            }).Append("</p>\n");
            html.Append(string.Create(Inv, $"<p>Score {ReportFormat.Score(h.Score)}, {Names.Of(h.Category)}; explains {ReportFormat.Plural(h.Explains.Symptoms, "symptom", "symptoms")} ({ReportFormat.Plural(h.Explains.RootSymptoms, "first failure", "first failures")}) on {ReportFormat.Plural(h.Explains.Hosts, "host", "hosts")}; votes {h.Votes.Up} for, {h.Votes.Down} against."));
            if (h.Factors.Count > 0)
            {
                html.Append(" Factors: ").Append(string.Join(", ", h.Factors.Select(f => Code(f.ToString())))).Append('.');
            }

            html.Append("</p>\n<div class=\"two\">\n<div>\n<h4>Evidence</h4>\n");
            List(html, h.Evidence, "none");
            html.Append("</div>\n<div>\n<h4>Counter-evidence</h4>\n");
            List(html, h.CounterEvidence, "none found");
            html.Append("</div>\n</div>\n");
            foreach (var note in o.Notes)
            {
                html.Append("<p class=\"note\">Note by <strong>").Append(H(note.Author)).Append("</strong> on ").Append(ReportFormat.Time(note.At)).Append(": ").Append(H(note.Text)).Append("</p>\n");
            }

            html.Append("</article>\n");
        }

        html.Append("</section>\n");
    }

    private static void Actions(StringBuilder html, PostMortem report)
    {
        html.Append("<section id=\"actions\">\n<h2>Action items</h2>\n");
        if (report.ActionItems.Count == 0)
        {
            html.Append("<p>None open: every hypothesis has been decided.</p>\n</section>\n");
            return;
        }

        html.Append("<p>The next checks not done yet, one per hypothesis still open, best-ranked first:</p>\n<ul class=\"todo\">\n");
        foreach (var a in report.ActionItems)
        {
            html.Append("<li>☐ ").Append(a.Rank > 0 ? "#" + a.Rank.ToString(Inv) + " " : string.Empty).Append(Code(a.HypothesisId)).Append(" <span class=\"dim\">(").Append(H(a.Title, 120)).Append(")</span>: ").Append(H(a.Check)).Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void Appendix(StringBuilder html, PostMortem report)
    {
        html.Append("<section id=\"raw-lines\">\n<h2>Appendix A: representative raw lines</h2>\n");
        foreach (var k in report.RawLines)
        {
            html.Append("<h3>").Append(H(k.Kind)).Append(" <span class=\"dim\">(").Append(ReportFormat.N(k.Count)).Append(")</span></h3>\n<ul class=\"raw\">\n");
            foreach (var l in k.Lines)
            {
                html.Append("<li>").Append(Code(l.Where)).Append(' ').Append(H(MarkdownRenderer.Who(l.Host, l.Rank))).Append(l.At is null ? string.Empty : ", " + ReportFormat.Time(l.At))
                    .Append("<pre>").Append(H(l.Text, 400)).Append("</pre></li>\n");
            }

            html.Append("</ul>\n");
        }

        var inputs = report.Inputs;
        html.Append("</section>\n<section id=\"inputs\">\n<h2>Appendix B: inputs</h2>\n<ul>\n");
        foreach (var m in inputs.Metadata)
        {
            html.Append("<li>").Append(H(m)).Append("</li>\n");
        }

        html.Append("<li>Training curves from: ").Append(inputs.MetricsFiles.Count == 0 ? "no metrics files" : string.Join(", ", inputs.MetricsFiles.Select(Code))).Append("</li>\n</ul>\n");
        html.Append("<table>\n<thead><tr><th>Source</th><th>Lines read</th></tr></thead>\n<tbody>\n");
        foreach (var src in inputs.Sources)
        {
            html.Append("<tr><td>").Append(Code(src.Path)).Append("</td><td class=\"n\">").Append(ReportFormat.N(src.Lines)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n<h3>What could not be read</h3>\n");
        if (inputs.Problems.Count == 0)
        {
            html.Append("<p>Nothing: every input was read.</p>\n");
        }
        else
        {
            html.Append("<table>\n<thead><tr><th>File</th><th>Kind</th><th>Why</th></tr></thead>\n<tbody>\n");
            foreach (var p in inputs.Problems)
            {
                html.Append("<tr><td>").Append(Code(p.Path)).Append("</td><td>").Append(H(p.Kind)).Append("</td><td>").Append(H(p.Reason)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        if (report.Notes.Count > 0)
        {
            html.Append("<h3>Notes</h3>\n");
            List(html, report.Notes, string.Empty);
        }

        html.Append("</section>\n");
    }

    private static void Figure(StringBuilder html, IReadOnlyList<RenderedPlot> plots, ReportPlot which)
    {
        if (plots.FirstOrDefault(p => p.Plot == which) is { } plot)
        {
            html.Append("<figure class=\"plot\" id=\"plot-").Append(plot.Name).Append("\">\n").Append(plot.Svg).Append("<figcaption>").Append(H(plot.Title)).Append("</figcaption>\n</figure>\n");
        }
    }

    private static void List(StringBuilder html, IReadOnlyList<string> lines, string empty)
    {
        if (lines.Count == 0 && empty.Length == 0)
        {
            return;
        }

        html.Append("<ul>\n");
        if (lines.Count == 0)
        {
            html.Append("<li class=\"dim\">").Append(empty).Append("</li>\n");
        }

        foreach (var line in lines)
        {
            html.Append("<li>").Append(H(line)).Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void Fact(StringBuilder html, string name, string value) => html.Append("<div><dt>").Append(name).Append("</dt><dd>").Append(H(value)).Append("</dd></div>\n");

    private static void Row(StringBuilder html, string name, string value) => html.Append("<tr><th>").Append(name).Append("</th><td>").Append(H(value)).Append("</td></tr>\n");

    private static string Of(int hit, int? total) => total is { } t && t >= hit ? string.Create(Inv, $"{hit} of {t}") : hit.ToString(Inv);

    private static string Code(string text) => "<code>" + H(text) + "</code>";

    private static string H(string? text, int max = 4096) => HtmlText.Escape(text, max);
}
