namespace Triage.Rules.Causal;

/// <summary>
/// What a cause and its effect must share for a <see cref="CausalRule"/> to hold, written lower-case
/// in rule files (<c>run</c>, <c>host</c>, <c>gpu</c>, <c>rank</c>, <c>process</c>). A scope that needs a
/// field never holds when that field is unknown on either side.
/// </summary>
public enum CausalScope
{
    /// <summary>The same run (the same job): e.g. a peer timing out after another rank died.</summary>
    Run,

    /// <summary>The same host, known on both sides.</summary>
    Host,

    /// <summary>The same GPU: same host and same GPU index, all known.</summary>
    Gpu,

    /// <summary>The same global rank, known on both sides.</summary>
    Rank,

    /// <summary>The same process: same host and same pid, all known.</summary>
    Process,
}
