using Triage.Collectors.Json;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Metrics rows from JSONL: one flat object per line with an integer <c>step</c>, optionally
/// <c>rank</c> and a time; every number field is a value (<c>NaN</c> / <c>Infinity</c>, bare or
/// quoted, and text <c>nan</c> / <c>inf</c> count). A line that is not such an
/// object is counted; an unterminated last line that does not parse is a truncated row.
/// </summary>
internal sealed class JsonlMetricsSource(LineSplitter lines, MetricsProblems problems) : IMetricsRowSource
{
    private readonly FlatJsonLineParser _parser = new(collectStrings: false);
    private readonly KeyValuePair<string, (string, double)>[] _known = new KeyValuePair<string, (string, double)>[32];
    private int _knownCount;

    public long Consumed => lines.Consumed;

    /// <summary>
    /// The parser hands out the same string instance for a key each time (bounded cache), so the
    /// canonical name is remembered by reference: no hashing per value.
    /// </summary>
    private (string Name, double Scale) Canonical(string key)
    {
        for (var i = 0; i < _knownCount; i++)
        {
            if (ReferenceEquals(_known[i].Key, key))
            {
                return _known[i].Value;
            }
        }

        var canonical = MetricNames.Canonical(key);
        if (_knownCount < _known.Length)
        {
            _known[_knownCount++] = new(key, canonical);
        }

        return canonical;
    }

    public bool TryRead(MetricRow row)
    {
        while (lines.TryNext(out var text, out var offset, out var terminated))
        {
            if (text.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (!_parser.TryParse(text) || _parser.Step is not { } step)
            {
                problems.Add(terminated ? "lines that are not metrics rows (no JSON object with an integer step)" : "truncated last line", lines.Line);
                continue;
            }

            row.Clear();
            row.Step = step;
            row.Rank = _parser.Rank ?? -1;
            row.Time = _parser.Time;
            row.Line = lines.Line;
            row.Offset = offset;
            foreach (var (key, value) in _parser.Numbers)
            {
                var (name, scale) = Canonical(key);
                row.Values.Add(new(name, value * scale));
            }

            return true;
        }

        return false;
    }
}
