namespace Triage.Hypotheses;

/// <summary>
/// The result of correlating one run: hypotheses by rank and how each symptom is attributed.
/// </summary>
/// <param name="Run">The run analysed.</param>
/// <param name="Symptoms">Symptoms of the run at analysis time.</param>
/// <param name="Hypotheses">Hypotheses, best first (<see cref="Hypothesis.Rank"/> 1..n).</param>
/// <param name="Unexplained">Symptoms no hypothesis explains.</param>
/// <param name="Attribution">Which hypothesis explains which symptom.</param>
/// <param name="AnalyzedAt">When the analysis ran.</param>
public sealed record Analysis(
    string Run,
    long Symptoms,
    IReadOnlyList<Hypothesis> Hypotheses,
    long Unexplained,
    Attribution Attribution,
    DateTimeOffset AnalyzedAt)
{
    /// <summary>Symptoms that are first failures (not collateral of another).</summary>
    public long Roots { get; init; }

    /// <summary>How long the correlation took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Things the analysis could not do fully (bad inputs, limits reached).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
