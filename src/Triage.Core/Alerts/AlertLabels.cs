namespace Triage.Alerts;

/// <summary>Label names every triage alert uses (Alertmanager label syntax: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>).</summary>
public static class AlertLabels
{
    /// <summary>The rule's name.</summary>
    public const string AlertName = "alertname";

    /// <summary>The run (the run directory's name, or <c>--run</c>).</summary>
    public const string Run = "run";

    /// <summary>
    /// A hypothesis alert's hypothesis (its stable id). On a cluster alert the same name is an
    /// annotation (the id that explains the cluster now, or <c>none</c>), since the explanation may
    /// change while the cluster stays one alert.
    /// </summary>
    public const string Hypothesis = "hypothesis";

    /// <summary>The rule's severity (<c>critical</c>, <c>warning</c>, <c>info</c>).</summary>
    public const string Severity = "severity";

    /// <summary>Where the cluster is: <c>hosts</c> (many hosts, once or more each) or <c>one_host</c> (one host repeating).</summary>
    public const string Spread = "spread";

    /// <summary>Marks alerts as triage's (<c>triage</c>), for routing.</summary>
    public const string Source = "source";
}
