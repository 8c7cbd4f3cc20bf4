namespace Triage.Rules.Loading;

/// <summary>The three YAML node shapes.</summary>
public enum YamlNodeKind
{
    /// <summary>A string (numbers and booleans are scalars too; their meaning is the reader's).</summary>
    Scalar,

    /// <summary>A list.</summary>
    Sequence,

    /// <summary>A mapping with scalar keys.</summary>
    Mapping,
}
