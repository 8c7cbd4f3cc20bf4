using System.Globalization;

namespace Triage.Correlation.Inputs;

/// <summary>
/// Streams rows out of JSONL files (gzip or plain) in the given order with one line parser. Lines
/// the parser refuses and lines over the limit are counted, summarised per file as a problem, and
/// skipped; an unreadable file is a problem and the next file is read. Throws only
/// <see cref="OperationCanceledException"/>.
/// </summary>
internal static class JsonLinesReader
{
    /// <summary>Parses one non-blank line; false when the line is not a row.</summary>
    public delegate bool LineParser<TRow>(ReadOnlySpan<byte> line, out TRow row);

    private enum LineStatus
    {
        End,
        Row,
        Skipped,
    }

    /// <summary>The rows of <paramref name="files"/>, lazily; each enumeration gets its own parser from <paramref name="parserFactory"/>.</summary>
    public static IEnumerable<TRow> Read<TRow>(
        IReadOnlyList<string> files, Func<LineParser<TRow>> parserFactory, JsonLinesStats stats, int maxLineBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(parserFactory);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        return Iterate(files, parserFactory, stats, maxLineBytes, cancellationToken);
    }

    private static IEnumerable<TRow> Iterate<TRow>(
        IReadOnlyList<string> files, Func<LineParser<TRow>> parserFactory, JsonLinesStats stats, int maxLineBytes, CancellationToken cancellationToken)
    {
        var parse = parserFactory();
        foreach (var path in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var source = JsonLineSource.TryOpen(path, maxLineBytes, stats.Problems);
            if (source is null)
            {
                continue;
            }

            long skipped = 0;
            long firstSkipped = 0;
            while (true)
            {
                var status = Next(source, parse, out var row);
                if (status == LineStatus.End)
                {
                    break;
                }

                if (status == LineStatus.Skipped)
                {
                    stats.Skipped++;
                    skipped++;
                    firstSkipped = firstSkipped == 0 ? source.LineNumber : firstSkipped;
                    continue;
                }

                if ((++stats.Rows & 0xfff) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                stats.CurrentPath = path;
                stats.CurrentLine = source.LineNumber;
                yield return row;
            }

            stats.Skipped += source.TooLong;
            if (source.Error is { } error)
            {
                stats.Problems.Add(new InputProblem(path, Invariant($"line {source.LineNumber + 1}: reading stopped: {error}")));
            }

            if (skipped > 0)
            {
                stats.Problems.Add(new InputProblem(path, Invariant($"line {firstSkipped}: {skipped} malformed lines skipped (first here)")));
            }

            if (source.TooLong > 0)
            {
                stats.Problems.Add(new InputProblem(path, Invariant($"{source.TooLong} lines longer than {maxLineBytes} bytes skipped")));
            }
        }
    }

    private static LineStatus Next<TRow>(JsonLineSource source, LineParser<TRow> parse, out TRow row)
    {
        while (source.TryReadLine(out var line))
        {
            if (line.IndexOfAnyExcept(" \t"u8) < 0)
            {
                continue;
            }

            return parse(line, out row) ? LineStatus.Row : LineStatus.Skipped;
        }

        row = default!;
        return LineStatus.End;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
