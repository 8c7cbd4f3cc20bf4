using System.Text;
using Triage.Collectors.Metrics;

namespace Triage.Collectors.Tests.Metrics;

public sealed class LineSplitterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void TryNextHolding_RandomText_SameLinesAsTryNextFilteredByMayBe(int seed)
    {
        // Arrange: the two strings, their pieces, line ends and runs long enough to pass the line
        // limit and the buffer, with small limits and buffers so that every edge is crossed often.
        var random = new Random(seed);
        var pieces = new[] { "iteration ", "step", "ste", "p", "iteration", " ", "\n", "\n", "\r\n", "\r", "x", "é", "stepstep" };
        for (var round = 0; round < 300; round++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 600);
            while (text.Length < length)
            {
                text.Append(random.Next(10) == 0 ? new string('y', random.Next(1, 120)) : pieces[random.Next(pieces.Length)]);
            }

            if (random.Next(2) == 0)
            {
                text.Append('\n');
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            var maxLine = random.Next(1, 60);
            var buffer = random.Next(1, 80);

            // Act
            var expected = Read(bytes, maxLine, buffer, holding: false);
            var actual = Read(bytes, maxLine, buffer, holding: true);

            // Assert
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void TryNextHolding_LinesWithTheStringsBetweenLongOnes_NumberedAsInTheFile()
    {
        // Arrange: lines 1..6; the long line 3 holds "step" and is skipped.
        var text = "a\nstep 1\n" + new string('x', 100) + " step\nb\niteration 5\nstep";
        var lines = new LineSplitter(new MemoryStream(Encoding.UTF8.GetBytes(text)), 0, 50, 16);

        // Act
        var found = new List<(string Line, long Number, bool Terminated)>();
        while (lines.TryNextHolding(IterationLineParser.Iteration, IterationLineParser.Step, out var line, out _, out var terminated))
        {
            found.Add((Encoding.UTF8.GetString(line), lines.Line, terminated));
        }

        // Assert
        Assert.Equal([("step 1", 2L, true), ("iteration 5", 5L, true), ("step", 6L, false)], found);
        Assert.Equal(1, lines.LongLines);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), lines.Consumed);
    }

    /// <summary>Every line handed out (by TryNext then MayBe, or by TryNextHolding) with what the splitter says about it, then its final state.</summary>
    private static List<string> Read(byte[] bytes, int maxLine, int buffer, bool holding)
    {
        var lines = new LineSplitter(new MemoryStream(bytes), 0, maxLine, buffer);
        var seen = new List<string>();
        while (true)
        {
            ReadOnlySpan<byte> line;
            long offset;
            bool terminated;
            if (holding)
            {
                if (!lines.TryNextHolding(IterationLineParser.Iteration, IterationLineParser.Step, out line, out offset, out terminated))
                {
                    break;
                }
            }
            else
            {
                if (!lines.TryNext(out line, out offset, out terminated))
                {
                    break;
                }

                if (!IterationLineParser.MayBe(line))
                {
                    continue;
                }
            }

            seen.Add($"{Convert.ToHexString(line)} @{offset} #{lines.Line} {terminated} consumed {lines.Consumed} long {lines.LongLines}");
        }

        seen.Add($"end: consumed {lines.Consumed} long {lines.LongLines}");
        return seen;
    }
}
