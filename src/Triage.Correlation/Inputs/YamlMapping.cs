namespace Triage.Correlation.Inputs;

/// <summary>A mapping with scalar keys, in file order; later duplicates of a key are ignored.</summary>
internal sealed class YamlMapping : YamlNode
{
    /// <summary>The entries in file order.</summary>
    public List<KeyValuePair<string, YamlNode>> Entries { get; } = [];

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (entry.Key == key)
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }

    /// <summary>The scalar value of <paramref name="key"/>, or null when absent or not a scalar.</summary>
    public string? Scalar(string key) => (this[key] as YamlScalar)?.Value;
}
