using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>A factor (or a component event) that might be a cause, with its concentration test.</summary>
internal sealed class Candidate
{
    public required IReadOnlyList<(string Key, string Value)> Factors { get; init; }

    public required FactorSource Source { get; init; }

    /// <summary>Roots holding every factor.</summary>
    public required List<int> Covers { get; init; }

    /// <summary>Roots the key could be joined for (the test's denominator).</summary>
    public int Tested { get; init; }

    /// <summary>Baseline share of the factor value.</summary>
    public double Baseline { get; init; }

    /// <summary>Log-likelihood ratio of the concentration.</summary>
    public double Llr { get; init; }

    /// <summary>Bonferroni-adjusted p-value of the concentration.</summary>
    public double AdjustedP { get; init; }

    /// <summary>True when it stands for one severe hardware / network / resource event rather than a tested concentration.</summary>
    public bool IsEvent { get; init; }

    public SymptomCategory Category { get; set; }

    /// <summary>Log Bayes factor used for the score.</summary>
    public double LogBayesFactor { get; set; }

    /// <summary>What is subtracted from the log-likelihood ratio for multiple testing (values and kinds tried).</summary>
    public double Penalty { get; init; }

    /// <summary>Added support for a severe event (log Bayes factor of the event's severity).</summary>
    public double Bonus { get; init; }

    /// <summary>For a shared component: how many multi-host bursts pointed at it.</summary>
    public int Bursts { get; init; }

    /// <summary>For a host that went silent in a job-wide timeout: the sentence that says so (see <see cref="PatternCandidates.SilentHosts"/>).</summary>
    public string? Silence { get; init; }

    /// <summary>For hosts whose network failed at once with no topology to name what they share: the sentence that says so (see <see cref="PatternCandidates.SimultaneousHosts"/>).</summary>
    public string? Simultaneous { get; init; }

    /// <summary>Root times (shared by all candidates), to count independent events.</summary>
    public required IReadOnlyList<DateTimeOffset?> RootTimes { get; init; }

    /// <summary>
    /// Roots within <see cref="CandidateFinder.EventGap"/> of each other are one event: the ranks of one
    /// tensor-parallel group reading one batch fail together, and that is one observation of the
    /// factor, not many.
    /// </summary>
    public int Events(IEnumerable<int> roots) => CandidateFinder.CountEvents(roots, RootTimes);

    /// <summary>Log-likelihood ratio had only <paramref name="hits"/> of the roots held the factor.</summary>
    public double LlrFor(int hits)
    {
        return Stats.EnrichmentLlr(hits, Math.Max(hits, Tested), Baseline);
    }

    /// <summary>Log Bayes factor when it explains <paramref name="hits"/> roots not already explained; null when that is no longer significant.</summary>
    public double? SupportFor(int hits)
    {
        if (IsEvent)
        {
            // One event is always on exactly one component: where it happened says nothing of a
            // concentration until the component repeats it (a lone link blip on one of 512 hosts
            // was "concentrated" 500-fold and stated at 0.60). Its support is then its severity.
            return hits >= 1 ? Math.Min(25, (hits >= 2 ? Math.Max(0, LlrFor(hits) - Penalty) : 0) + Bonus) : null;
        }

        var llr = LlrFor(hits);
        var adjusted = Stats.ChiSquareSurvival(2 * Math.Max(0, llr - SelectionPenalty), 1) * (Math.Exp(Penalty - SelectionPenalty));
        return hits >= 2 && adjusted < CandidateFinder.Significance ? Math.Min(25, llr - Penalty) : null;
    }

    /// <summary>The part of <see cref="Penalty"/> paid for choosing the kinds the factor is tested on.</summary>
    public double SelectionPenalty { get; init; }

    public string Describe()
    {
        var gpu = Factors.FirstOrDefault(f => f.Key == FactorKeys.Gpu).Value;
        var host = Factors.FirstOrDefault(f => f.Key == FactorKeys.Host).Value;
        return gpu is not null && host is not null ? $"GPU {gpu} of {host}"
            : Factors is [(FactorKeys.Hosts, var hosts)] ? $"hosts {hosts}"
            : string.Join(", ", Factors.Select(f => $"{f.Key}={f.Value}"));
    }
}
