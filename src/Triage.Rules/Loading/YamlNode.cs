namespace Triage.Rules.Loading;

/// <summary>
/// A minimal YAML tree with source positions. Built from parser events by
/// <see cref="YamlTreeReader"/> (not YamlDotNet's representation model) so depth, size and aliases
/// are bounded before anything is built. Not to be modified once read.
/// </summary>
public sealed class YamlNode
{
    private YamlNode(YamlNodeKind kind, int line, int column, string value, bool isPlain)
    {
        Kind = kind;
        Line = line;
        Column = column;
        Value = value;
        IsPlain = isPlain;
    }

    /// <summary>Scalar, sequence or mapping.</summary>
    public YamlNodeKind Kind { get; }

    /// <summary>1-based line of the node's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the node's first character.</summary>
    public int Column { get; }

    /// <summary>Scalar text (empty for collections).</summary>
    public string Value { get; }

    /// <summary>True for an unquoted scalar (only those can mean null).</summary>
    public bool IsPlain { get; }

    /// <summary>A sequence's items in file order (empty otherwise).</summary>
    public List<YamlNode> Items { get; } = [];

    /// <summary>A mapping's entries in file order (empty otherwise); keys are scalars and unique.</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = [];

    /// <summary>The value of a mapping's key <paramref name="key"/>, or null (also for a non-mapping).</summary>
    public YamlNode? this[string key]
    {
        get
        {
            foreach (var (k, v) in Entries)
            {
                if (k.Value == key)
                {
                    return v;
                }
            }

            return null;
        }
    }

    /// <summary>The text of a mapping's key <paramref name="key"/> when its value is a non-null scalar, else null.</summary>
    public string? ScalarOf(string key) => this[key] is { Kind: YamlNodeKind.Scalar, IsNull: false } v ? v.Value : null;

    private Dictionary<string, int>? _keyLines;

    /// <summary>A plain empty, <c>~</c> or <c>null</c> scalar: YAML's null.</summary>
    public bool IsNull =>
        Kind == YamlNodeKind.Scalar && IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Records a mapping key; false (with the first key's line) when it is a duplicate.</summary>
    internal bool TryAddKey(YamlNode key, out int firstLine)
    {
        _keyLines ??= new Dictionary<string, int>(StringComparer.Ordinal);
        if (_keyLines.TryGetValue(key.Value, out firstLine))
        {
            return false;
        }

        _keyLines.Add(key.Value, key.Line);
        return true;
    }

    internal static YamlNode Scalar(int line, int column, string value, bool isPlain) =>
        new(YamlNodeKind.Scalar, line, column, value, isPlain);

    internal static YamlNode Collection(YamlNodeKind kind, int line, int column) =>
        new(kind, line, column, string.Empty, isPlain: false);

    /// <summary>"a mapping", "a list", "null" or "a scalar", for messages.</summary>
    public string Describe() => Kind switch
    {
        YamlNodeKind.Mapping => "a mapping",
        YamlNodeKind.Sequence => "a list",
        _ => IsNull ? "null" : "a scalar",
    };
}
