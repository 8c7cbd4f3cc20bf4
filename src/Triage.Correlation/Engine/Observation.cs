using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// What the engine holds per observation: one symptom read individually, or one aggregate group
/// (kind, host, time bucket) of a kind too numerous to read one by one. Either way it is
/// attributed as a unit.
/// </summary>
internal sealed class Observation
{
    public Observation(Symptom symptom, long count, DateTimeOffset? lastSeen, bool isGroup)
    {
        Symptom = symptom;
        Count = count;
        LastSeen = lastSeen ?? symptom.Timestamp;
        IsGroup = isGroup;
    }

    /// <summary>The symptom (enriched with host / rank / GPU where they could be inferred); for a group, its representative.</summary>
    public Symptom Symptom { get; set; }

    /// <summary>Symptoms this observation stands for (1 unless a group).</summary>
    public long Count { get; }

    /// <summary>Latest time covered (groups span a bucket).</summary>
    public DateTimeOffset? LastSeen { get; }

    /// <summary>True for an aggregate group, whose members are claimed by a filter rather than by id.</summary>
    public bool IsGroup { get; }

    /// <summary>For a group: the bucket's start, for the claim filter.</summary>
    public DateTimeOffset? GroupStart { get; init; }

    /// <summary>For a group: the bucket's end (exclusive), for the claim filter.</summary>
    public DateTimeOffset? GroupEnd { get; init; }

    /// <summary>
    /// For a group placed on its host by rank (its lines named only their rank): those ranks, so
    /// its claim selects the lines as they are stored, without a host. Empty otherwise.
    /// </summary>
    public IReadOnlyList<int> PlacedRanks { get; init; } = [];

    /// <summary>For a line whose time is only a lower bound: the latest it can have happened (next own stamp in its file, end of its attempt), or null.</summary>
    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>The latest it may have happened: <see cref="NotAfter"/> when its time is inherited, else its time.</summary>
    public DateTimeOffset? Latest => Symptom.TimeInferred && NotAfter is { } upper && upper > Symptom.Timestamp ? upper : Symptom.Timestamp;

    /// <summary>The time to look up what the rank was executing, when it differs from the symptom's (a first failure known only within bounds), or null.</summary>
    public DateTimeOffset? JoinTime { get; set; }

    /// <summary>For a line with no stamp placed by its process block: the attempt (0-based) it belongs to, else null.</summary>
    public int? Attempt { get; set; }

    /// <summary>
    /// For a line without a stamp of its own (none at all, or one inherited from an earlier line):
    /// the attempt (0-based) its process block says it belongs to, else null. Which attempt a line is
    /// in follows from where it stands in its file, whatever time it inherited.
    /// </summary>
    public int? BlockAttempt { get; set; }

    /// <summary>Index of the observation this one is collateral of, or -1 for a root.</summary>
    public int Parent { get; set; } = -1;

    /// <summary>Id of the causal rule that made it collateral.</summary>
    public string? ParentRule { get; set; }

    /// <summary>A consequence-only symptom without any time: attributed by kind, never a cause.</summary>
    public bool Unanchored { get; set; }

    /// <summary>
    /// A line no candidate chose that is still attributed as a root: an unanchored line whose
    /// hypothesis has timed roots of its kind, or a first failure that names no host or rank (a
    /// step-level report) given to the hypothesis with most first failures of its kind.
    /// </summary>
    public bool UnanchoredRoot { get; set; }

    /// <summary>Index into the hypotheses chosen, or -1.</summary>
    public int Hypothesis { get; set; } = -1;

    /// <summary>True when the root is observed once per training step for the whole job (loss / NaN lines), not per rank.</summary>
    public bool StepLevel { get; set; }
}
