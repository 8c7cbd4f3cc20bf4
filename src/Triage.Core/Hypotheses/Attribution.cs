using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Hypotheses;

/// <summary>
/// Which symptoms each hypothesis explains, in a form that scales: root symptoms are named by id
/// (they are few), collateral is claimed by filters (kinds, scope, time window), because a
/// cascade can be millions of lines. <see cref="Resolve"/> answers for one symptom; a store can
/// turn the claims into queries.
/// </summary>
public sealed class Attribution
{
    private readonly Dictionary<string, (string Hypothesis, AttributionRole Role)> _byId;

    /// <summary>Creates an attribution from explicit ids and ordered filter claims (first match wins).</summary>
    public Attribution(IReadOnlyDictionary<string, (string Hypothesis, AttributionRole Role)> byId, IReadOnlyList<AttributionClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(byId);
        ArgumentNullException.ThrowIfNull(claims);
        _byId = new Dictionary<string, (string, AttributionRole)>(byId, StringComparer.Ordinal);
        Claims = claims;
    }

    /// <summary>An attribution that explains nothing.</summary>
    public static Attribution Empty { get; } = new(new Dictionary<string, (string, AttributionRole)>(), []);

    /// <summary>Symptom ids attributed one by one.</summary>
    public IReadOnlyDictionary<string, (string Hypothesis, AttributionRole Role)> ById => _byId;

    /// <summary>Filter claims, tried in order after <see cref="ById"/>.</summary>
    public IReadOnlyList<AttributionClaim> Claims { get; }

    /// <summary>The hypothesis that explains <paramref name="symptom"/> and how, or null when none does.</summary>
    public (string Hypothesis, AttributionRole Role)? Resolve(Symptom symptom)
    {
        ArgumentNullException.ThrowIfNull(symptom);
        if (_byId.TryGetValue(symptom.Id, out var hit))
        {
            return hit;
        }

        foreach (var claim in Claims)
        {
            if (claim.Filter.Matches(symptom))
            {
                return (claim.Hypothesis, claim.Role);
            }
        }

        return null;
    }
}

/// <summary>A hypothesis claims every symptom that matches <paramref name="Filter"/>.</summary>
public sealed record AttributionClaim(string Hypothesis, AttributionRole Role, SymptomFilter Filter);
