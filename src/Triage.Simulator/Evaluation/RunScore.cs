namespace Triage.Simulator.Evaluation;

/// <summary>The score of one analysed run against its ground truth.</summary>
public sealed record RunScore
{
    /// <summary>The run's name as the truth file gives it.</summary>
    public required string Run { get; init; }

    /// <summary>Scenarios combined in the run.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>Symptoms extracted from the run (streamed from the store).</summary>
    public long Symptoms { get; init; }

    /// <summary>Hypotheses the analysis produced.</summary>
    public int Hypotheses { get; init; }

    /// <summary>One score per true cause, in the truth file's order.</summary>
    public IReadOnlyList<CauseScore> Causes { get; init; } = [];

    /// <summary>The rank-1 hypothesis names some cause; null when the truth lists no cause.</summary>
    public bool? Top1 { get; init; }

    /// <summary>Some cause is named within ranks 1..3; null when the truth lists no cause.</summary>
    public bool? Top3 { get; init; }

    /// <summary>Every cause is named within ranks 1..k, k the number of causes; null when there is none.</summary>
    public bool? AllInTopK { get; init; }

    /// <summary>Hypotheses scored at least <see cref="FalseHypothesis.MinScore"/> that name no true cause, by rank.</summary>
    public IReadOnlyList<FalseHypothesis> FalseHypotheses { get; init; } = [];

    /// <summary>Symptoms no hypothesis explains, by what they truly are.</summary>
    public required UnexplainedScore Unexplained { get; init; }

    /// <summary>Extracted symptoms the truth lists neither as a cause's nor as noise (a labelling problem).</summary>
    public long Unlabelled { get; init; }

    /// <summary>Extracted symptoms the truth labels noise.</summary>
    public long Noise { get; init; }

    /// <summary>Of <see cref="Noise"/>, how many some hypothesis claims.</summary>
    public long NoiseClaimed { get; init; }

    /// <summary>Collect and analyze wall time.</summary>
    public required EvalTimings Timings { get; init; }
}
