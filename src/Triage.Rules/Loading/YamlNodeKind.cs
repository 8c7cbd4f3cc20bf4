namespace Triage.Rules.Loading;

/// <summary>The three YAML node shapes rule files use.</summary>
internal enum YamlNodeKind
{
    Scalar,
    Sequence,
    Mapping,
}
