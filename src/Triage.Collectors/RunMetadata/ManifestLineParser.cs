using System.Globalization;
using Triage.Collectors.Json;
using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Parses one step-manifest line: an object with an integer rank (≥ 0; <c>rank</c> or <c>global_rank</c>,
/// else the rank the file's path names) and step (<c>step</c>, <c>iteration</c>, <c>global_step</c>);
/// string fields become <see cref="ManifestRow.Strings"/>, and so do integer fields that name something
/// (<c>shard_id</c>, <c>file_idx</c>, <c>data_shard</c>: see <see cref="IsIdentifier"/>); other numbers
/// become <see cref="ManifestRow.Numbers"/> (see <see cref="FlatJsonLineParser"/>). Never throws. Not
/// thread-safe: one per enumeration.
/// </summary>
internal sealed class ManifestLineParser(int? rankFromPath = null)
{
    private static readonly string[] IdentifierSuffixes = ["id", "idx", "index", "shard", "file", "part", "chunk", "bucket", "dataset", "source", "partition", "split"];

    private readonly FlatJsonLineParser _line = new(collectStrings: true);

    /// <summary>Parses <paramref name="line"/>; false when it is not a manifest row.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, out ManifestRow row)
    {
        row = default;
        if (!_line.TryParse(line) || _line.RankInvalid || (_line.Rank ?? rankFromPath) is not { } rank || _line.Step is not { } step)
        {
            return false;
        }

        var strings = _line.Strings.Count == 0 ? null : new List<KeyValuePair<string, string>>(_line.Strings);
        var numbers = _line.Numbers.Count == 0 ? null : new List<KeyValuePair<string, double>>(_line.Numbers.Count);
        foreach (var (key, value) in _line.Numbers)
        {
            // A shard or file numbered rather than named is still a value that can be a cause.
            if (IsIdentifier(key) && double.IsFinite(value) && value == Math.Floor(value) && Math.Abs(value) < 1e15)
            {
                (strings ??= []).Add(new(key, ((long)value).ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                numbers!.Add(new(key, value));
            }
        }

        row = new ManifestRow(rank, step, _line.Time, strings is null ? [] : strings.ToArray())
        {
            Numbers = numbers is null || numbers.Count == 0 ? [] : numbers.ToArray(),
        };
        return true;
    }

    /// <summary>Whether a number field names something (its last <c>_</c>-separated word is id, idx, index, shard, file, ...).</summary>
    internal static bool IsIdentifier(string key)
    {
        var last = key.LastIndexOfAny(['_', '.', '-']);
        var word = last < 0 ? key : key[(last + 1)..];
        return IdentifierSuffixes.Any(s => word.Equals(s, StringComparison.OrdinalIgnoreCase))
            || (last < 0 && key.EndsWith("id", StringComparison.OrdinalIgnoreCase) && key.Length > 2 && char.IsUpper(key[^2]));
    }
}
