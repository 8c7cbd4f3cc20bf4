namespace Triage.Symptoms;

/// <summary>How bad one observation is by itself. Ordered: a larger value is worse.</summary>
public enum Severity
{
    /// <summary>Informational, e.g. a link that came back up.</summary>
    Info = 0,

    /// <summary>Something unusual that does not stop the job by itself.</summary>
    Warning = 1,

    /// <summary>An error: a process or operation failed.</summary>
    Error = 2,

    /// <summary>Fatal for the job or the hardware (a GPU off the bus, a crash).</summary>
    Critical = 3,
}
