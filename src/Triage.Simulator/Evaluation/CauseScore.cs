using Triage.Symptoms;

namespace Triage.Simulator.Evaluation;

/// <summary>
/// How well the analysis found one true cause: the best rank of a hypothesis naming it, and how
/// the symptoms that hypothesis claims compare with the symptoms the truth assigns to the cause.
/// Counts are over extracted symptoms (the store), matched to the truth by source path and line.
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

    /// <summary>Symptom lines the truth lists for the cause (extracted or not).</summary>
    public long TruthListed { get; init; }

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

    /// <summary>|C ∩ T| / |T|; null (n/a) when no symptom of the cause was extracted.</summary>
    public double? Recall => Ratio(Correct, Truth);

    /// <summary>Recall over the cause's root symptoms.</summary>
    public double? RootRecall => Ratio(CorrectRoot, TruthRoot);

    /// <summary>Recall over the cause's collateral.</summary>
    public double? CollateralRecall => Ratio(CorrectCollateral, TruthCollateral);

    /// <summary>
    /// Precision as aggregates count it: n/a is 0 when the cause has extracted symptoms (nothing
    /// right was claimed), and stays out of aggregates (null) when it has none.
    /// </summary>
    public double? PrecisionForSummary => Precision ?? (Truth > 0 ? 0 : null);

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
