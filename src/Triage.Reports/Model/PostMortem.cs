using Triage.Hypotheses;

namespace Triage.Reports.Model;

/// <summary>
/// A post-mortem of one run, built from the store's ledger by <see cref="Building.PostMortemBuilder"/>
/// and rendered as Markdown, HTML or <c>triage.report/v1</c> JSON. Sections come in the order a
/// post-mortem reads (summary, impact, timeline, belief vs. evidence, the other hypotheses, action
/// items, appendix). Every string that came from a log is kept as read; renderers escape it.
/// Immutable.
/// </summary>
public sealed record PostMortem
{
    /// <summary>The run.</summary>
    public required string Run { get; init; }

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Symptoms of the run (facts such as placements not counted).</summary>
    public long Symptoms { get; init; }

    /// <summary>The cause the report leads with: the confirmed hypothesis, else the top-ranked one.</summary>
    public required ReportSummary Summary { get; init; }

    /// <summary>What the incident cost.</summary>
    public required ReportImpact Impact { get; init; }

    /// <summary>What happened when, oldest first.</summary>
    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }

    /// <summary>How the team's votes moved against the evidence ranking.</summary>
    public required BeliefSection Belief { get; init; }

    /// <summary>Every hypothesis with its status, by rank (unranked older ones last).</summary>
    public required IReadOnlyList<HypothesisStatus> Hypotheses { get; init; }

    /// <summary>Next checks not done yet: those of the hypotheses still open, best first.</summary>
    public required IReadOnlyList<ActionItem> ActionItems { get; init; }

    /// <summary>Representative raw lines per kind.</summary>
    public required IReadOnlyList<KindLines> RawLines { get; init; }

    /// <summary>The run's inputs and what could not be read.</summary>
    public required ReportInputs Inputs { get; init; }

    /// <summary>What the plots draw.</summary>
    public required PlotData Plots { get; init; }

    /// <summary>Things the report could not do fully (no run facts, bounds reached).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The hypothesis with <paramref name="id"/>, or null.</summary>
    public Hypothesis? Find(string id) => Hypotheses.FirstOrDefault(h => h.Hypothesis.Id == id)?.Hypothesis;
}
