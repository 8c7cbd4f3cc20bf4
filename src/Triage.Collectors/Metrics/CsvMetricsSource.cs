using System.Globalization;
using System.Text;
using Triage.Collectors.Json;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Metrics rows from CSV with a header naming a step column (<c>step</c>, <c>global_step</c>,
/// <c>iteration</c>), optionally <c>rank</c> and a time column (ISO-8601 or Unix seconds). Every
/// other column is a value; <c>nan</c> / <c>inf</c> in any case are values; empty cells are absent.
/// Rows with fewer cells than the header, and rows whose step is not an integer, are dropped and counted.
/// Fields are split on commas (no quoted commas: metrics CSVs hold numbers).
/// </summary>
internal sealed class CsvMetricsSource : IMetricsRowSource
{
    private readonly LineSplitter _lines;
    private readonly MetricsProblems _problems;
    private readonly (string Name, double Scale)[] _columns;
    private readonly int _step;
    private readonly int _rank;
    private readonly int _time;

    private CsvMetricsSource(LineSplitter lines, MetricsProblems problems, string[] header)
    {
        _lines = lines;
        _problems = problems;
        _step = Index(header, "step", "global_step", "iteration", "iter", "_step");
        _rank = Index(header, "rank", "global_rank");
        _time = Index(header, "time", "timestamp", "wall_time", "@timestamp");
        _columns = header.Select(MetricNames.Canonical).ToArray();
    }

    public long Consumed => _lines.Consumed;

    /// <summary>The header's cells, or null when it has no step column.</summary>
    public static string[]? Header(ReadOnlySpan<byte> line)
    {
        var cells = Encoding.UTF8.GetString(line).Split(',').Select(c => c.Trim().Trim('"').Trim().ToLowerInvariant()).ToArray();
        return cells.Length >= 2 && Index(cells, "step", "global_step", "iteration", "iter", "_step") >= 0 ? cells : null;
    }

    /// <summary>Reads the header from <paramref name="lines"/> (at the file's start); null when it is not a metrics header.</summary>
    public static CsvMetricsSource? Open(LineSplitter lines, MetricsProblems problems) =>
        lines.TryNext(out var first, out _, out _) && Header(first) is { } header ? new CsvMetricsSource(lines, problems, header) : null;

    public bool TryRead(MetricRow row)
    {
        while (_lines.TryNext(out var text, out var offset, out var terminated))
        {
            if (text.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            row.Clear();
            row.Line = _lines.Line;
            row.Offset = offset;
            var cell = 0;
            var hasStep = false;
            var rest = text;
            while (true)
            {
                var comma = rest.IndexOf((byte)',');
                var value = (comma < 0 ? rest : rest[..comma]).Trim(" \t\""u8);
                if (cell < _columns.Length)
                {
                    hasStep |= Cell(row, cell, value);
                }

                cell++;
                if (comma < 0)
                {
                    break;
                }

                rest = rest[(comma + 1)..];
            }

            if (!terminated && (cell < _columns.Length || !hasStep))
            {
                _problems.Add("truncated last line", _lines.Line);
                continue;
            }

            if (!hasStep)
            {
                _problems.Add("rows without an integer step", _lines.Line);
                continue;
            }

            if (cell < _columns.Length)
            {
                _problems.Add("rows with missing columns (dropped)", _lines.Line);
                continue;
            }

            return true;
        }

        return false;
    }

    private bool Cell(MetricRow row, int cell, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        if (cell == _step)
        {
            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
            {
                row.Step = step;
                return true;
            }

            return false;
        }

        if (cell == _rank)
        {
            row.Rank = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rank) && rank >= 0 ? rank : -1;
            return false;
        }

        if (cell == _time)
        {
            row.Time = ParseTime(value);
            return false;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (JsonLineFields.NonFinite(value) is not { } special)
            {
                return false;
            }

            number = special;
        }

        var (name, scale) = _columns[cell];
        row.Values.Add(new(name, number * scale));
        return false;
    }

    private static DateTimeOffset? ParseTime(ReadOnlySpan<byte> value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            seconds = seconds > 1e11 ? seconds / 1000 : seconds;
            return seconds is < 0 or > 32_503_680_000 ? null : DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        var text = Encoding.UTF8.GetString(value);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
    }

    private static int Index(string[] header, params string[] names)
    {
        foreach (var name in names)
        {
            var i = Array.IndexOf(header, name);
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }
}
