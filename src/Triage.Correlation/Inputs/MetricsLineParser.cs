namespace Triage.Correlation.Inputs;

/// <summary>
/// Parses one metrics line: an object with an integer <c>step</c>, optionally <c>rank</c> and a time,
/// and number fields (<c>NaN</c>/<c>Infinity</c> count as numbers, since a NaN loss is the point; see
/// <see cref="FlatJsonLineParser"/>). Other fields are ignored. Never throws. Not thread-safe.
/// </summary>
internal sealed class MetricsLineParser
{
    private readonly FlatJsonLineParser _line = new(collectStrings: false);

    /// <summary>Parses <paramref name="line"/>; false when it is not a metrics row.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, out MetricsRow row)
    {
        row = default;
        if (!_line.TryParse(line) || _line.Step is not { } step)
        {
            return false;
        }

        row = new MetricsRow(step, _line.Rank, _line.Time, _line.Numbers.Count == 0 ? [] : _line.Numbers.ToArray());
        return true;
    }
}
