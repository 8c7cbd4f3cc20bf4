using Triage.Symptoms;

namespace Triage.Storage;

/// <summary>
/// Which symptoms a query or aggregation covers. Every set property is an AND; values inside
/// one list are an OR; an empty list or null means "any". Maps one-to-one onto an
/// Elasticsearch bool query (term/terms/range/match_phrase).
/// </summary>
public sealed record SymptomFilter
{
    /// <summary>Everything in the store.</summary>
    public static SymptomFilter All { get; } = new();

    /// <summary>Only this run.</summary>
    public string? Run { get; init; }

    /// <summary>Inclusive lower bound on <see cref="Symptom.Timestamp"/>; symptoms without time are excluded when set.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound on <see cref="Symptom.Timestamp"/>.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Kind names.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Categories.</summary>
    public IReadOnlyList<SymptomCategory> Categories { get; init; } = [];

    /// <summary>Host names.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Ranks.</summary>
    public IReadOnlyList<int> Ranks { get; init; } = [];

    /// <summary>Signatures.</summary>
    public IReadOnlyList<string> Signatures { get; init; } = [];

    /// <summary>Minimum severity.</summary>
    public Severity? MinSeverity { get; init; }

    /// <summary>Case-insensitive substring of <see cref="Symptom.Message"/>.</summary>
    public string? Text { get; init; }

    /// <summary>Exact attribute values (<c>attrs.NAME = value</c>), all of which must hold.</summary>
    public IReadOnlyDictionary<string, string> Attrs { get; init; } = new Dictionary<string, string>();
}
