using Triage.Symptoms;

namespace Triage.Simulator.Evaluation;

/// <summary>
/// How well the analysis found one true cause: the best rank of a hypothesis naming it, and how
/// the symptoms that hypothesis claims compare with the symptoms the truth assigns to the cause.
/// Precision counts extracted symptoms (the store), matched to the truth by source path and line;
/// recall counts the lines the truth lists, so a line the collector never extracted is a miss.
/// </summary>
public sealed record CauseScore
{
    /// <summary>The cause's id in the truth file.</summary>
    public required string Id { get; init; }

    /// <summary>The scenario that injected it.</summary>
    public required string Scenario { get; init; }

    /// <summary>The cause's category.</summary>
    public SymptomCategory Category { get; init; }

    /// <summary>Rank of the best hypothesis naming the cause; null when none does.</summary>
    public int? BestRank { get; init; }

    /// <summary>Id of that hypothesis; null when none names the cause.</summary>
    public string? Hypothesis { get; init; }

    /// <summary>Distinct lines the truth lists as the cause's root symptoms (extracted or not).</summary>
    public long ListedRoot { get; init; }

    /// <summary>Distinct lines the truth lists as the cause's collateral (extracted or not).</summary>
    public long ListedCollateral { get; init; }

    /// <summary>Lines the truth lists for the cause (extracted or not): the denominator of recall.</summary>
    public long TruthListed => ListedRoot + ListedCollateral;

    /// <summary>Listed root lines a symptom claimed by the best-matching hypothesis came from.</summary>
    public long FoundRoot { get; init; }

    /// <summary>Listed collateral lines a symptom claimed by the best-matching hypothesis came from.</summary>
    public long FoundCollateral { get; init; }

    /// <summary>Listed lines no symptom was extracted from (misses of extraction, counted in recall).</summary>
    public long NotExtracted { get; init; }

    /// <summary>Extracted symptoms the truth assigns to the cause as root symptoms.</summary>
    public long TruthRoot { get; init; }

    /// <summary>Extracted symptoms the truth assigns to the cause as collateral.</summary>
    public long TruthCollateral { get; init; }

    /// <summary>Extracted symptoms the truth assigns to the cause (T).</summary>
    public long Truth => TruthRoot + TruthCollateral;

    /// <summary>Symptoms the best-matching hypothesis claims (C).</summary>
    public long Claimed { get; init; }

    /// <summary>Claimed symptoms that are the cause's root symptoms.</summary>
    public long CorrectRoot { get; init; }

    /// <summary>Claimed symptoms that are the cause's collateral.</summary>
    public long CorrectCollateral { get; init; }

    /// <summary>|C ∩ T|.</summary>
    public long Correct => CorrectRoot + CorrectCollateral;

    /// <summary>|C ∩ T| / |C|; null (n/a) when the hypothesis claims nothing or none names the cause.</summary>
    public double? Precision => Claimed == 0 ? null : (double)Correct / Claimed;

    /// <summary>
    /// Listed lines whose symptom the best-matching hypothesis claims, over all lines the truth lists
    /// for the cause (a line never extracted counts as missed); null (n/a) when the truth lists none.
    /// </summary>
    public double? Recall => Ratio(FoundRoot + FoundCollateral, TruthListed);

    /// <summary>Recall over the cause's listed root lines.</summary>
    public double? RootRecall => Ratio(FoundRoot, ListedRoot);

    /// <summary>Recall over the cause's listed collateral lines.</summary>
    public double? CollateralRecall => Ratio(FoundCollateral, ListedCollateral);

    /// <summary>
    /// Precision as aggregates count it: n/a is 0 when the truth lists lines for the cause (nothing
    /// right was claimed), and stays out of aggregates (null) when it lists none.
    /// </summary>
    public double? PrecisionForSummary => Precision ?? (TruthListed > 0 ? 0 : null);

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
