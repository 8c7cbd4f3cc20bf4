using Triage.Collectors.Json;
using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Parses one step-manifest line: an object with integer <c>rank</c> (≥ 0) and <c>step</c>; string
/// fields become <see cref="ManifestRow.Strings"/>, numbers <see cref="ManifestRow.Numbers"/> (see
/// <see cref="FlatJsonLineParser"/>). Never throws. Not thread-safe: one per enumeration.
/// </summary>
internal sealed class ManifestLineParser
{
    private readonly FlatJsonLineParser _line = new(collectStrings: true);

    /// <summary>Parses <paramref name="line"/>; false when it is not a manifest row.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, out ManifestRow row)
    {
        row = default;
        if (!_line.TryParse(line) || _line.RankInvalid || _line.Rank is not { } rank || _line.Step is not { } step)
        {
            return false;
        }

        row = new ManifestRow(rank, step, _line.Time, _line.Strings.Count == 0 ? [] : _line.Strings.ToArray())
        {
            Numbers = _line.Numbers.Count == 0 ? [] : _line.Numbers.ToArray(),
        };
        return true;
    }
}
