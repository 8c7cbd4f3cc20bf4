namespace Triage.Correlation.Engine;

/// <summary>
/// The factor values joined to one root observation and, per value, the probability that a root
/// would carry it if the value had nothing to do with the failure (its share of the units).
/// </summary>
internal sealed class RootFactors
{
    private readonly Dictionary<string, Dictionary<string, double>> _values = new(StringComparer.Ordinal);

    /// <summary>key → (value → baseline probability).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, double>> Values => _values;

    /// <summary>
    /// When the rank started the step it was joined to in the step manifest, or null. Failures on
    /// the same step of the same attempt are one event however far apart their lines were logged.
    /// </summary>
    public DateTimeOffset? StepTime { get; set; }

    public void Add(string key, string value, double baseline)
    {
        if (!_values.TryGetValue(key, out var byValue))
        {
            byValue = new Dictionary<string, double>(StringComparer.Ordinal);
            _values[key] = byValue;
        }

        // A step-level root can hold several values of one key; its baseline is P(any of them).
        byValue[value] = Math.Clamp(baseline, 1e-9, 1 - 1e-9);
    }

    public bool HasKey(string key) => _values.ContainsKey(key);
}
