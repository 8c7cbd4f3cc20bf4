namespace Triage.Symptoms;

/// <summary>
/// One observation (docs/architecture.md §3), named as ECS names it so stored documents read naturally in
/// Kibana. Immutable. <see cref="Id"/> is deterministic (<see cref="SymptomId"/>), so storing
/// the same observation twice changes nothing.
/// </summary>
public sealed record Symptom
{
    /// <summary>Deterministic id, see <see cref="SymptomId.Create"/>.</summary>
    public required string Id { get; init; }

    /// <summary>UTC time of the observation; null when neither the line nor a neighbour had one.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>True when <see cref="Timestamp"/> was inherited from a neighbouring line, not read from this one.</summary>
    public bool TimeInferred { get; init; }

    /// <summary>Run name: several runs share one store.</summary>
    public required string Run { get; init; }

    /// <summary>Host name as it appears in the input, e.g. <c>node-017</c>.</summary>
    public string? Host { get; init; }

    /// <summary>Global rank.</summary>
    public int? Rank { get; init; }

    /// <summary>Local rank on the host.</summary>
    public int? LocalRank { get; init; }

    /// <summary>GPU index on the host.</summary>
    public int? Gpu { get; init; }

    /// <summary>Process id.</summary>
    public int? Pid { get; init; }

    /// <summary>Built-in kind name, see <see cref="SymptomKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Category, from the rule or its attribute mapping.</summary>
    public SymptomCategory Category { get; init; }

    /// <summary>Severity, from the rule or its attribute mapping.</summary>
    public Severity Severity { get; init; }

    /// <summary>What groups identical failures: e.g. <c>xid-79</c>, an exception type plus frames, a template id.</summary>
    public required string Signature { get; init; }

    /// <summary>The (bounded) text of the line or block, as read; never trusted for display.</summary>
    public required string Message { get; init; }

    /// <summary>Where it was read.</summary>
    public required SymptomSource Source { get; init; }

    /// <summary>Id of the rule that produced it.</summary>
    public required string Rule { get; init; }

    /// <summary>Free-form attributes (named regex groups, mapped meanings, ...).</summary>
    public IReadOnlyDictionary<string, string> Attrs { get; init; } = EmptyAttrs;

    private static readonly IReadOnlyDictionary<string, string> EmptyAttrs = new Dictionary<string, string>();
}
