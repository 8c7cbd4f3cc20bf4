namespace Triage.Runs;

/// <summary>One host of a topology file: its component attributes (rack, switch, ...) and GPUs.</summary>
/// <param name="Name">The host name as written.</param>
/// <param name="Attributes">Every string field of the host other than <c>host</c> and <c>gpus</c>, in file order.</param>
/// <param name="Gpus">The host's GPUs in file order.</param>
public sealed record TopologyHost(string Name, IReadOnlyList<KeyValuePair<string, string>> Attributes, IReadOnlyList<TopologyGpu> Gpus);
