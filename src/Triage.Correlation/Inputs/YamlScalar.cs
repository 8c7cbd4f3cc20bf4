namespace Triage.Correlation.Inputs;

/// <summary>A scalar exactly as written (quotes removed, no type conversion).</summary>
internal sealed class YamlScalar(string value) : YamlNode
{
    /// <summary>The text.</summary>
    public string Value { get; } = value;
}
