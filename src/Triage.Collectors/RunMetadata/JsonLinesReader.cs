using System.Globalization;
using Triage.Collectors.Metrics;
using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

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

    /// <summary>The rows of <paramref name="files"/>, lazily; each file gets its own parser from <paramref name="parserFactory"/> (given its path).</summary>
    public static IEnumerable<TRow> Read<TRow>(
        IReadOnlyList<string> files, Func<string, LineParser<TRow>> parserFactory, ManifestReadStats stats, int maxLineBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(parserFactory);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        return Iterate(files, parserFactory, stats, maxLineBytes, cancellationToken);
    }

    private static IEnumerable<TRow> Iterate<TRow>(
        IReadOnlyList<string> files, Func<string, LineParser<TRow>> parserFactory, ManifestReadStats stats, int maxLineBytes, CancellationToken cancellationToken)
    {
        foreach (var path in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parse = parserFactory(path);
            Stream stream;
            try
            {
                stream = MetadataFile.OpenRead(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stats.Problems.Add(new RunInputProblem(path, "cannot be read: " + e.Message));
                continue;
            }

            using (stream)
            {
                var lines = new LineSplitter(stream, 0, maxLineBytes);
                long lineNumber = 0;
                long skipped = 0;
                long firstSkipped = 0;
                string? error = null;
                while (true)
                {
                    ReadOnlySpan<byte> line;
                    try
                    {
                        if (!lines.TryNext(out line, out _, out _))
                        {
                            break;
                        }
                    }
                    catch (Exception e) when (e is IOException or InvalidDataException)
                    {
                        // A truncated or corrupt gzip, or an I/O error: keep what was read.
                        error = e.Message;
                        break;
                    }

                    lineNumber++;
                    if (line.IndexOfAnyExcept(" \t"u8) < 0)
                    {
                        continue;
                    }

                    if (!parse(line, out var row))
                    {
                        stats.Skipped++;
                        skipped++;
                        firstSkipped = firstSkipped == 0 ? lineNumber : firstSkipped;
                        continue;
                    }

                    if ((++stats.Rows & 0xfff) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    stats.CurrentPath = path;
                    stats.CurrentLine = lineNumber + lines.LongLines;
                    yield return row;
                }

                stats.Skipped += lines.LongLines;
                if (error is not null)
                {
                    stats.Problems.Add(new RunInputProblem(path, Invariant($"line {lineNumber + lines.LongLines + 1}: reading stopped: {error}")));
                }

                if (skipped > 0)
                {
                    stats.Problems.Add(new RunInputProblem(path, Invariant($"line {firstSkipped}: {skipped} malformed lines skipped (first here)")));
                }

                if (lines.LongLines > 0)
                {
                    stats.Problems.Add(new RunInputProblem(path, Invariant($"{lines.LongLines} lines longer than {maxLineBytes} bytes skipped")));
                }
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
