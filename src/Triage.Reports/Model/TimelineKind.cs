namespace Triage.Reports.Model;

/// <summary>What a timeline entry records.</summary>
public enum TimelineKind
{
    /// <summary>An attempt started (the first start, or a restart).</summary>
    Start,

    /// <summary>A library or code version differs from the previous attempt's.</summary>
    VersionChange,

    /// <summary>A first failure: a symptom no other explains.</summary>
    FirstFailure,

    /// <summary>A burst of symptoms that followed (timeouts, SIGTERMs, teardown).</summary>
    CollateralWave,

    /// <summary>An engineer voted.</summary>
    Vote,

    /// <summary>An engineer confirmed or rejected a hypothesis.</summary>
    Decision,

    /// <summary>An engineer wrote a note.</summary>
    Note,
}
