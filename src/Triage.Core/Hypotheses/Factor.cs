namespace Triage.Hypotheses;

/// <summary>
/// One factor a hypothesis blames, e.g. <c>data_shard=web-0412</c> or <c>host=node-017</c>. The key
/// is the input's field name or one of <c>host, gpu, rank, rack, switch, frame, module, kernel</c>;
/// the value is exactly as it appears in the input.
/// </summary>
public sealed record Factor(string Key, string Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}={Value}";
}
