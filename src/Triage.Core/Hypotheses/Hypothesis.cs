using Triage.Symptoms;

namespace Triage.Hypotheses;

/// <summary>
/// One single-root-cause hypothesis (docs/architecture.md §4): a cause, the factors it blames, its score and the
/// evidence for and against it, in plain sentences with numbers. <see cref="Id"/> derives from the
/// cause (its category and factors), so votes and notes survive re-analysis.
/// </summary>
public sealed record Hypothesis
{
    /// <summary>Stable id, e.g. <c>h-3f9a1c</c>.</summary>
    public required string Id { get; init; }

    /// <summary>1-based rank in the analysis, by score.</summary>
    public int Rank { get; init; }

    /// <summary>One line naming the cause.</summary>
    public required string Title { get; init; }

    /// <summary>The cause's category.</summary>
    public SymptomCategory Category { get; init; }

    /// <summary>The factors blamed; empty for "no concentrating factor found".</summary>
    public IReadOnlyList<Factor> Factors { get; init; } = [];

    /// <summary>Posterior probability that this is a real cause of the run's failures (0..1).</summary>
    public double Score { get; init; }

    /// <summary>What it explains.</summary>
    public required HypothesisExplains Explains { get; init; }

    /// <summary>The earliest symptom it explains.</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>Evidence for, in plain sentences with numbers.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Evidence against, in plain sentences with numbers.</summary>
    public IReadOnlyList<string> CounterEvidence { get; init; } = [];

    /// <summary>The check that would best confirm or refute it.</summary>
    public string NextCheck { get; init; } = string.Empty;

    /// <summary>A few of the symptoms it explains (roots first), to read the raw lines.</summary>
    public IReadOnlyList<SymptomSample> Samples { get; init; } = [];

    /// <summary>
    /// The factor's concentration test (failure share against baseline share), or null when the
    /// hypothesis rests on something else (one severe event, a burst, no factor).
    /// </summary>
    public FactorContrast? Contrast { get; init; }

    /// <summary>Votes recorded for this id.</summary>
    public VoteTally Votes { get; init; } = VoteTally.None;
}
