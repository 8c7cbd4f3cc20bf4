namespace Triage.Runs;

/// <summary>
/// One step-manifest object: what <paramref name="Rank"/> was doing at <paramref name="Step"/>.
/// Every string field except the time is in <paramref name="Strings"/> (a factor candidate, in line order);
/// number fields are in <see cref="Numbers"/>.
/// </summary>
/// <param name="Rank">The global rank.</param>
/// <param name="Step">The training step.</param>
/// <param name="Time">The row's time (UTC), when it has one.</param>
/// <param name="Strings">String fields other than the time, keys and values interned.</param>
public readonly record struct ManifestRow(int Rank, long Step, DateTimeOffset? Time, IReadOnlyList<KeyValuePair<string, string>> Strings)
{
    /// <summary>Number fields other than rank, step and time (e.g. seq_len_mean), in line order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Numbers { get; init; } = [];

    /// <summary>The value of string field <paramref name="key"/>, or null.</summary>
    public string? this[string key]
    {
        get
        {
            foreach (var (k, v) in Strings)
            {
                if (k == key)
                {
                    return v;
                }
            }

            return null;
        }
    }
}
