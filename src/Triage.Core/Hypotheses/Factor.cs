namespace Triage.Hypotheses;

/// <summary>
/// One factor a hypothesis blames, e.g. <c>data_shard=web-0412</c> or <c>host=node-017</c>. The key
/// is the input's field name or one of <c>host, gpu, rank, rack, switch, frame, module, kernel</c>;
/// the value is exactly as it appears in the input.
/// </summary>
public sealed record Factor(string Key, string Value)
{
    /// <summary>
    /// <c>pattern=spread</c>: the engine's positive verdict that software failures are spread
    /// evenly over hosts (a χ² test against the hosts' share of the job does not reject it) and that
    /// no factor value tested concentrates them, as a race or nondeterministic bug would leave them.
    /// A hypothesis with no factors at all only says that nothing was found.
    /// </summary>
    public static Factor Spread { get; } = new("pattern", "spread");

    /// <inheritdoc />
    public override string ToString() => $"{Key}={Value}";
}
