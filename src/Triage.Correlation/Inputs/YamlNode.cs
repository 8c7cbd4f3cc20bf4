namespace Triage.Correlation.Inputs;

/// <summary>A node of a small YAML tree built by <see cref="YamlTreeLoader"/>.</summary>
internal abstract class YamlNode
{
    /// <summary>The 1-based line where the node starts.</summary>
    public long Line { get; init; }
}
