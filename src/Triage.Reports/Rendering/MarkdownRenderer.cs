using System.Globalization;
using System.Text;
using Triage.Hypotheses;
using Triage.Reports.Model;
using Triage.Reports.Plots;
using Triage.Symptoms;

namespace Triage.Reports.Rendering;

/// <summary>
/// Renders a <see cref="PostMortem"/> as GitHub-flavoured Markdown that pastes cleanly into a wiki or
/// an issue: headings, lists and pipe tables only, every log-derived string escaped
/// (<see cref="MarkdownText"/>), plots as image links to SVG files written beside it. Thread-safe (stateless).
/// </summary>
public static class MarkdownRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The Markdown of <paramref name="report"/>. <paramref name="plotFiles"/> names the SVG file of each plot
    /// drawn (relative to the Markdown); null when no files are written, which the report says.
    /// </summary>
    public static string Render(PostMortem report, IReadOnlyDictionary<ReportPlot, string>? plotFiles)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var s = report.Summary;
        md.Append("# Post-mortem: ").Append(E(report.Run)).Append("\n\n");
        md.Append(string.Create(Inv,
            $"*Generated {ReportFormat.Time(report.GeneratedAt)} by `triage report` from the ledger of run {E(report.Run)}: {ReportFormat.N(report.Symptoms)} symptoms, {ReportFormat.Plural(s.FirstFailures, "first failure", "first failures")} attributed to {ReportFormat.Plural(s.Hypotheses, "hypothesis", "hypotheses")}.*\n\n"));
        if (plotFiles is null)
        {
            md.Append("*Plots are written beside the Markdown when it goes to a file (`--out FILE.md`).*\n\n");
        }

        Summary(md, report, plotFiles);
        Impact(md, report, plotFiles);
        Timeline(md, report, plotFiles);
        Belief(md, report, plotFiles);
        Others(md, report);
        Actions(md, report);
        Appendix(md, report);
        return md.ToString();
    }

    private static void Summary(StringBuilder md, PostMortem report, IReadOnlyDictionary<ReportPlot, string>? plots)
    {
        var s = report.Summary;
        var h = s.Cause;
        md.Append("## Summary\n\n");
        md.Append(s.Confirmed && s.Decision is { } d
            ? $"**Root cause, confirmed by {E(d.Author)} on {ReportFormat.Time(d.At)}:** {E(h.Title)}\n\n"
            : $"**Most likely cause (unconfirmed: nobody has confirmed a hypothesis yet):** {E(h.Title)}\n\n");
        md.Append(string.Create(Inv, $"- Hypothesis: {Id(h)}, ranked {(h.Rank > 0 ? "#" + h.Rank.ToString(Inv) : "nowhere in the latest analysis")} on evidence, score {ReportFormat.Score(h.Score)}, {Names.Of(h.Category)}\n"));
        if (h.Factors.Count > 0)
        {
            md.Append("- Trigger: ").Append(string.Join(", ", h.Factors.Select(f => MarkdownText.Code(f.ToString())))).Append(h.Contrast is { } c ? " — " + E(ReportFormat.Contrast(c)) : string.Empty).Append('\n');
        }

        md.Append(string.Create(Inv,
            $"- Explains {ReportFormat.Plural(h.Explains.Symptoms, "symptom", "symptoms")} ({ReportFormat.Percent(h.Explains.Fraction)} of those analysed), {ReportFormat.Plural(h.Explains.RootSymptoms, "first failure", "first failures")}, on {ReportFormat.Plural(h.Explains.Hosts, "host", "hosts")} and {ReportFormat.Plural(h.Explains.Ranks, "rank", "ranks")}; first seen {ReportFormat.Time(h.FirstSeen)}\n"));
        md.Append("- Kinds: ").Append(E(string.Join(", ", h.Explains.Kinds))).Append('\n');
        md.Append(string.Create(Inv, $"- Votes: {h.Votes.Up} for, {h.Votes.Down} against\n"));
        if (s.Decision is { } decision)
        {
            md.Append("- Why it was confirmed: ").Append(E(decision.Text)).Append('\n');
        }

        md.Append("\n**Evidence**\n\n");
        List(md, h.Evidence, "none");
        md.Append("\n**Counter-evidence**\n\n");
        List(md, h.CounterEvidence, "none found");
        md.Append('\n');
        Plot(md, plots, ReportPlot.Contrast);
    }

    private static void Impact(StringBuilder md, PostMortem report, IReadOnlyDictionary<ReportPlot, string>? plots)
    {
        var i = report.Impact;
        md.Append("## Impact\n\n| | |\n| --- | --- |\n");
        md.Append("| Attempts | ").Append(i.Attempts is { } a ? string.Create(Inv, $"{a} ({ReportFormat.Plural(i.Restarts!.Value, "restart", "restarts")})") : "not known (no run facts)").Append(" |\n");
        md.Append("| First failure | ").Append(ReportFormat.Time(i.FirstFailure)).Append(" |\n");
        md.Append("| Last first failure | ").Append(ReportFormat.Time(i.LastFailure)).Append(" |\n");
        md.Append("| Last restart | ").Append(i.LastRestart is null ? "not known" : ReportFormat.Time(i.LastRestart)).Append(" |\n");
        md.Append("| Time lost (first failure to last restart) | ").Append(i.TimeLost is { } lost ? ReportFormat.Duration(lost) : "not known").Append(" |\n");
        md.Append("| Hosts hit | ").Append(Of(i.HostsHit, i.Hosts)).Append(string.Create(Inv, $" ({i.HostsWithFirstFailures} with first failures)")).Append(" |\n");
        md.Append("| Ranks hit | ").Append(Of(i.RanksHit, i.WorldSize)).Append(string.Create(Inv, $" ({i.RanksWithFirstFailures} with first failures)")).Append(" |\n\n");
        Plot(md, plots, ReportPlot.Curves);
    }

    private static void Timeline(StringBuilder md, PostMortem report, IReadOnlyDictionary<ReportPlot, string>? plots)
    {
        md.Append("## Timeline\n\n| Time (UTC) | What | Who | Where | Event |\n| --- | --- | --- | --- | --- |\n");
        foreach (var e in report.Timeline)
        {
            md.Append("| ").Append(ReportFormat.Time(e.At)).Append(" | ").Append(ReportFormat.Kind(e.Kind)).Append(" | ").Append(E(e.Who))
                .Append(" | ").Append(e.Where is null ? string.Empty : MarkdownText.Code(e.Where, inTable: true)).Append(" | ").Append(E(e.Text)).Append(" |\n");
        }

        md.Append('\n');
        Plot(md, plots, ReportPlot.FirstFailures);
    }

    private static void Belief(StringBuilder md, PostMortem report, IReadOnlyDictionary<ReportPlot, string>? plots)
    {
        var b = report.Belief;
        md.Append("## Belief vs. evidence\n\n");
        List(md, b.Findings, "nothing to compare");
        md.Append("\n| Evidence rank | Hypothesis | Score | For | Against | Peak net | Status |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var r in b.Rows)
        {
            md.Append("| ").Append(r.Rank > 0 ? "#" + r.Rank.ToString(Inv) : "unranked").Append(" | ").Append(MarkdownText.Code(r.Id, inTable: true)).Append(' ').Append(E(r.Title))
                .Append(" | ").Append(ReportFormat.Score(r.Score)).Append(string.Create(Inv, $" | {r.Up} | {r.Down} | {ReportFormat.Signed(r.PeakNet)} | "))
                .Append(Marked(r.Id == b.ConfirmedId, ReportFormat.Status(r.Status), r.Id == b.FavouredId)).Append(" |\n");
        }

        md.Append('\n');
        if (b.Dissent.Count > 0)
        {
            md.Append("**Dissent**\n\n");
            foreach (var d in b.Dissent)
            {
                md.Append("- ").Append(ReportFormat.Time(d.At)).Append(", ").Append(E(d.Who)).Append(' ').Append(E(d.Text)).Append('\n');
            }

            md.Append('\n');
        }

        if (b.Votes.Count > 0)
        {
            md.Append(b.HistoryComplete ? "**Votes in the order they were cast**\n\n" : "**Each engineer's current vote, by when it was cast** (this store keeps no vote history)\n\n");
            md.Append("| Time (UTC) | Who | Vote | Hypothesis |\n| --- | --- | --- | --- |\n");
            foreach (var v in b.Votes)
            {
                var h = report.Find(v.HypothesisId);
                md.Append("| ").Append(ReportFormat.Time(v.At)).Append(" | ").Append(E(v.Voter)).Append(" | ").Append(v.Vote switch { > 0 => "+1", < 0 => "−1", _ => "withdrawn" })
                    .Append(" | ").Append(h is null ? MarkdownText.Code(v.HypothesisId, inTable: true) : MarkdownText.Code(ReportFormat.Name(h), inTable: true)).Append(" |\n");
            }

            md.Append('\n');
        }

        Plot(md, plots, ReportPlot.Votes);
    }

    private static void Others(StringBuilder md, PostMortem report)
    {
        md.Append("## Other hypotheses\n\n");
        var others = report.Hypotheses.Where(h => h.Hypothesis.Id != report.Summary.Cause.Id).ToList();
        if (others.Count == 0)
        {
            md.Append("None: the analysis found one cause.\n\n");
        }

        foreach (var o in others)
        {
            var h = o.Hypothesis;
            md.Append("### ").Append(ReportFormat.Name(h)).Append(": ").Append(E(h.Title)).Append("\n\n");
            md.Append("- Status: ").Append(Why(o)).Append('\n');
            md.Append(string.Create(Inv,
                $"- Score {ReportFormat.Score(h.Score)}, {Names.Of(h.Category)}; explains {ReportFormat.Plural(h.Explains.Symptoms, "symptom", "symptoms")} ({ReportFormat.Plural(h.Explains.RootSymptoms, "first failure", "first failures")}) on {ReportFormat.Plural(h.Explains.Hosts, "host", "hosts")}; votes {h.Votes.Up} for, {h.Votes.Down} against\n"));
            if (h.Factors.Count > 0)
            {
                md.Append("- Factors: ").Append(string.Join(", ", h.Factors.Select(f => MarkdownText.Code(f.ToString())))).Append('\n');
            }

            Sub(md, "Evidence", h.Evidence);
            Sub(md, "Counter-evidence", h.CounterEvidence);
            foreach (var note in o.Notes)
            {
                md.Append("- Note by ").Append(E(note.Author)).Append(" on ").Append(ReportFormat.Time(note.At)).Append(": ").Append(E(note.Text)).Append('\n');
            }

            md.Append('\n');
        }
    }

    private static void Actions(StringBuilder md, PostMortem report)
    {
        md.Append("## Action items\n\n");
        if (report.ActionItems.Count == 0)
        {
            md.Append("None open: every hypothesis has been decided.\n\n");
            return;
        }

        md.Append("The next checks not done yet, one per hypothesis still open, best-ranked first:\n\n");
        foreach (var a in report.ActionItems)
        {
            md.Append("- [ ] ").Append(a.Rank > 0 ? "#" + a.Rank.ToString(Inv) + " " : string.Empty).Append(MarkdownText.Code(a.HypothesisId)).Append(" (").Append(E(a.Title, 120)).Append("): ").Append(E(a.Check)).Append('\n');
        }

        md.Append('\n');
    }

    private static void Appendix(StringBuilder md, PostMortem report)
    {
        md.Append("## Appendix A: representative raw lines\n\n");
        foreach (var k in report.RawLines)
        {
            md.Append("**").Append(E(k.Kind)).Append("** (").Append(ReportFormat.N(k.Count)).Append(")\n\n");
            foreach (var l in k.Lines)
            {
                md.Append("- ").Append(MarkdownText.Code(l.Where)).Append(' ').Append(E(Who(l.Host, l.Rank))).Append(l.At is null ? string.Empty : ", " + ReportFormat.Time(l.At)).Append(": ").Append(MarkdownText.Code(l.Text, maxLength: 400)).Append('\n');
            }

            md.Append('\n');
        }

        var inputs = report.Inputs;
        md.Append("## Appendix B: inputs\n\n");
        foreach (var m in inputs.Metadata)
        {
            md.Append("- ").Append(E(m)).Append('\n');
        }

        md.Append("- Training curves from: ").Append(inputs.MetricsFiles.Count == 0 ? "no metrics files" : string.Join(", ", inputs.MetricsFiles.Select(f => MarkdownText.Code(f)))).Append('\n');
        md.Append("\n| Source | Lines read |\n| --- | --- |\n");
        foreach (var src in inputs.Sources)
        {
            md.Append("| ").Append(MarkdownText.Code(src.Path, inTable: true)).Append(" | ").Append(ReportFormat.N(src.Lines)).Append(" |\n");
        }

        md.Append("\n**What could not be read**\n\n");
        if (inputs.Problems.Count == 0)
        {
            md.Append("Nothing: every input was read.\n");
        }
        else
        {
            md.Append("| File | Kind | Why |\n| --- | --- | --- |\n");
            foreach (var p in inputs.Problems)
            {
                md.Append("| ").Append(MarkdownText.Code(p.Path, inTable: true)).Append(" | ").Append(p.Kind).Append(" | ").Append(E(p.Reason)).Append(" |\n");
            }
        }

        if (report.Notes.Count > 0)
        {
            md.Append("\n**Notes**\n\n");
            List(md, report.Notes, string.Empty);
        }
    }

    private static string Why(HypothesisStatus o) => o.Status switch
    {
        ReviewStatus.Rejected => $"rejected by {E(o.Decision!.Author)} on {ReportFormat.Time(o.Decision.At)}: {E(o.Decision.Text)}",
        ReviewStatus.Confirmed => $"also confirmed by {E(o.Decision!.Author)} on {ReportFormat.Time(o.Decision.At)}: {E(o.Decision.Text)}",
        _ => $"left open: nobody decided on it; its next check is an action item{(o.Hypothesis.CounterEvidence.Count > 0 ? " (the counter-evidence below weighs against it)" : string.Empty)}",
    };

    private static void Sub(StringBuilder md, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        md.Append("- ").Append(title).Append(":\n");
        foreach (var line in lines)
        {
            md.Append("  - ").Append(E(line)).Append('\n');
        }
    }

    private static void List(StringBuilder md, IReadOnlyList<string> lines, string empty)
    {
        if (lines.Count == 0 && empty.Length > 0)
        {
            md.Append("- ").Append(empty).Append('\n');
        }

        foreach (var line in lines)
        {
            md.Append("- ").Append(E(line)).Append('\n');
        }
    }

    private static void Plot(StringBuilder md, IReadOnlyDictionary<ReportPlot, string>? plots, ReportPlot plot)
    {
        if (plots is not null && plots.TryGetValue(plot, out var file))
        {
            md.Append("![").Append(PlotRenderer.Title(plot)).Append("](").Append(Uri.EscapeDataString(file)).Append(")\n\n");
        }
    }

    private static string Id(Hypothesis h) => MarkdownText.Code(h.Id);

    private static string Marked(bool confirmed, string status, bool favoured) =>
        status + (favoured ? ", the team's favourite" : string.Empty) + (confirmed ? " ✔" : string.Empty);

    private static string Of(int hit, int? total) => total is { } t && t >= hit ? string.Create(Inv, $"{hit} of {t}") : hit.ToString(Inv);

    internal static string Who(string? host, int? rank) => (host, rank) switch
    {
        (null, null) => "unknown host",
        (null, { } r) => "rank " + r.ToString(Inv),
        ({ } h, null) => h,
        ({ } h, { } r) => h + " rank " + r.ToString(Inv),
    };

    private static string E(string? text, int max = 4096) => MarkdownText.Escape(text, max);
}
