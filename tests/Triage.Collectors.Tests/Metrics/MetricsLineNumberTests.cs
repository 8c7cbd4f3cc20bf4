using System.Text;
using Triage.Collectors.Metrics;

namespace Triage.Collectors.Tests.Metrics;

/// <summary>
/// A row's line number counts every line of the file, the ones skipped for being longer than the
/// limit included (they were not counted: every row after such a line carried a number too small).
/// </summary>
public sealed class MetricsLineNumberTests
{
    private const int MaxLineBytes = 256;

    // Longer than the limit but within the splitter's buffer (64 KiB), and longer than the buffer:
    // the two ways a long line is skipped.
    private static readonly string LongLine = new('x', MaxLineBytes + 10);
    private static readonly string HugeLine = new('y', 200_000);

    private const string Iteration = " iteration      122/  250000 | consumed samples:       124928 | elapsed time per iteration (ms): 86545.2 | lm loss: 2.504220E+00 | loss scale: 1.0 | grad norm: 0.231 |";

    [Fact]
    public void LogLinesSource_IterationLinesAfterLongLines_NumberedAsInTheFile()
    {
        // Arrange: lines 1..7; iteration lines at 3 and 7.
        var text = string.Join('\n', "first", LongLine, Iteration, HugeLine, "other", LongLine, Iteration.Replace("122/", "123/", StringComparison.Ordinal)) + "\n";
        var source = new LogLinesMetricsSource(Splitter(text), DateTimeOffset.UnixEpoch);
        var row = new MetricRow();

        // Act
        var lines = new List<(long Step, long Line)>();
        while (source.TryRead(row))
        {
            lines.Add((row.Step, row.Line));
        }

        // Assert
        Assert.Equal([(122L, 3L), (123L, 7L)], lines);
    }

    [Fact]
    public void JsonlSource_RowsAfterLongLines_NumberedAsInTheFile()
    {
        // Arrange: rows at lines 1, 3 and 5.
        var text = string.Join('\n', """{"step": 1, "loss": 2.0}""", LongLine, """{"step": 2, "loss": 1.9}""", HugeLine, """{"step": 3, "loss": 1.8}""") + "\n";
        var source = new JsonlMetricsSource(Splitter(text), new MetricsProblems());
        var row = new MetricRow();

        // Act
        var lines = new List<(long Step, long Line)>();
        while (source.TryRead(row))
        {
            lines.Add((row.Step, row.Line));
        }

        // Assert
        Assert.Equal([(1L, 1L), (2L, 3L), (3L, 5L)], lines);
    }

    [Fact]
    public void CsvSource_RowsAfterLongLines_NumberedAsInTheFile()
    {
        // Arrange: header at line 1, rows at lines 2, 4 and 6.
        var text = string.Join('\n', "step,loss", "1,2.0", HugeLine, "2,1.9", LongLine, "3,1.8") + "\n";
        var source = CsvMetricsSource.Open(Splitter(text), new MetricsProblems());
        var row = new MetricRow();

        // Act
        var lines = new List<(long Step, long Line)>();
        while (source!.TryRead(row))
        {
            lines.Add((row.Step, row.Line));
        }

        // Assert
        Assert.Equal([(1L, 2L), (2L, 4L), (3L, 6L)], lines);
    }

    [Fact]
    public void CsvSource_HeaderAfterALongLine_RowsNumberedAsInTheFile()
    {
        // Arrange: the first line of the file is too long and skipped; the header is line 2.
        var source = CsvMetricsSource.Open(Splitter(HugeLine + "\nstep,loss\n1,2.0\n"), new MetricsProblems());

        // Assert: the row is line 3.
        Assert.NotNull(source);
        var row = new MetricRow();
        Assert.True(source.TryRead(row));
        Assert.Equal((1L, 3L), (row.Step, row.Line));
    }

    private static LineSplitter Splitter(string text) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)), 0, MaxLineBytes);
}
