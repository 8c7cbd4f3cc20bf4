namespace Triage.Rules.Loading;

/// <summary>Where the loader is (file and rule id), so every error names both.</summary>
internal sealed class LoadContext
{
    public LoadContext(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The id of the rule being parsed, once known.</summary>
    public string? RuleId { get; set; }

    public RuleLoadException Error(YamlNode node, string detail) =>
        new(Path, node.Line, node.Column, RuleId, detail);

    public RuleLoadException Error(int line, int column, string detail) =>
        new(Path, line, column, RuleId, detail);
}
