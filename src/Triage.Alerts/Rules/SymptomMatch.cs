using Triage.Symptoms;

namespace Triage.Alerts.Rules;

/// <summary>
/// The symptom side of an alert rule: which symptoms form clusters, how they are keyed and the
/// thresholds a cluster must reach inside the window. Collateral (as the engine decided it) is left
/// out unless <see cref="IncludeCollateral"/>, so a cascade never alerts apart from its cause.
/// </summary>
public sealed record SymptomMatch
{
    /// <summary>Kinds that count; empty: every kind except run facts (<c>meta.*</c>).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Lowest severity that counts; default <see cref="Severity.Error"/>.</summary>
    public Severity MinSeverity { get; init; } = Severity.Error;

    /// <summary>Attribute values that count (any of the listed values per attribute; all attributes must match).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attrs { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Fields whose values key a cluster (and become labels): <c>kind signature host gpu rank category attrs.NAME</c>; default <c>kind</c>.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = ["kind"];

    /// <summary>Symptoms a cluster needs inside the window; default 1.</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Distinct hosts a cluster needs inside the window; default 0 (not checked: training metrics name no host).</summary>
    public int MinHosts { get; init; }

    /// <summary>Distinct ranks a cluster needs inside the window; default 0 (not checked).</summary>
    public int MinRanks { get; init; }

    /// <summary>The window, ending at the cluster's latest symptom; default 1 h.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Count collateral symptoms too; default false.</summary>
    public bool IncludeCollateral { get; init; }

    /// <summary>Only clusters whose signature no other run in the store has (a template never seen before); default false.</summary>
    public bool NewOnly { get; init; }
}
