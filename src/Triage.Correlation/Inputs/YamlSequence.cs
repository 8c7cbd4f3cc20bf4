namespace Triage.Correlation.Inputs;

/// <summary>A sequence.</summary>
internal sealed class YamlSequence : YamlNode
{
    /// <summary>The items in order.</summary>
    public List<YamlNode> Items { get; } = [];
}
