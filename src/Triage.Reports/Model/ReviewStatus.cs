namespace Triage.Reports.Model;

/// <summary>Where a hypothesis stands after review.</summary>
public enum ReviewStatus
{
    /// <summary>Nobody has decided on it.</summary>
    Open,

    /// <summary>Its latest decision is a confirm.</summary>
    Confirmed,

    /// <summary>Its latest decision is a reject.</summary>
    Rejected,
}
