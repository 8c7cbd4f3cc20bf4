namespace Triage.Hypotheses;

/// <summary>How a hypothesis explains a symptom.</summary>
public enum AttributionRole
{
    /// <summary>The symptom is a direct manifestation of the cause.</summary>
    Root,

    /// <summary>The symptom is a consequence of another symptom of the cause (a peer's timeout, a SIGTERM cascade, ...).</summary>
    Collateral,
}
