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

    /// <summary>
    /// True: only symptoms with a timestamp; false: only those without one (lines no stamp, earlier
    /// or later, gave a time); null: either.
    /// </summary>
    public bool? Timed { get; init; }

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

    /// <summary>
    /// Whether <paramref name="symptom"/> matches, with the same meaning the stores give the
    /// filter (used to resolve attribution claims in memory).
    /// </summary>
    public bool Matches(Symptom symptom)
    {
        ArgumentNullException.ThrowIfNull(symptom);
        if (Run is not null && !string.Equals(Run, symptom.Run, StringComparison.Ordinal))
        {
            return false;
        }

        if ((From is not null || To is not null) && symptom.Timestamp is not { } ts)
        {
            return false;
        }

        if (Timed is { } timed && timed != symptom.Timestamp.HasValue)
        {
            return false;
        }

        if ((From is { } from && symptom.Timestamp < from) || (To is { } to && symptom.Timestamp >= to))
        {
            return false;
        }

        if ((Kinds.Count > 0 && !Kinds.Contains(symptom.Kind, StringComparer.Ordinal))
            || (Categories.Count > 0 && !Categories.Contains(symptom.Category))
            || (Hosts.Count > 0 && (symptom.Host is null || !Hosts.Contains(symptom.Host, StringComparer.Ordinal)))
            || (Ranks.Count > 0 && (symptom.Rank is not { } rank || !Ranks.Contains(rank)))
            || (Signatures.Count > 0 && !Signatures.Contains(symptom.Signature, StringComparer.Ordinal))
            || (MinSeverity is { } minimum && symptom.Severity < minimum))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(Text) && !symptom.Message.Contains(Text, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var (name, value) in Attrs)
        {
            if (!symptom.Attrs.TryGetValue(name, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
