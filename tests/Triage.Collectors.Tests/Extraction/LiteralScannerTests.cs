using System.Text;
using Triage.Collectors.Extraction;

namespace Triage.Collectors.Tests.Extraction;

public sealed class LiteralScannerTests
{
    // Real literals of the built-in rules and of the miner, including the two-char "[W" and a
    // non-ASCII one, so that every kind of group (Teddy, the short and non-ASCII group) takes part.
    private static readonly string[] Literals =
    [
        "[W", "rror", "warn", "Watchdog caught collective operation timeout", "NVRM: Xid", "CUDA out of memory",
        "invoked oom-killer", "Traceback (most recent call last)", "NCCL WARN", "illegal memory access",
        "Exited with exit code", "skipped iterations:   1", ": nan", "Segmentation fault", "Killed process",
        "Bus error", "ECC error", "fallen off the bus", "NET/IB", "Got completion from peer", "Aborted",
        "ProcessGroupNCCL", "SIGTERM", "SIGKILL", "ChildFailedError", "connection refused", "Timed out",
        "global_rank_mapping=", "restart_count=", "Driver Version: ", "Ошибка", "é ",
    ];

    [Fact]
    public void For_ShortOrNonAsciiLiterals_KeepTheirOwnGroup()
    {
        // Act
        var scanner = new LiteralScanner(Literals);

        // Assert: "Bus error", "ECC error" and "ChildFailedError" hold "rror" and are not searched; the other 27
        // Teddy-friendly literals in groups of 16, plus one group for "[W", "Ошибка", "é ".
        Assert.Equal(Literals.Length - 3, scanner.Searched);
        Assert.Equal(3, scanner.Groups);
    }

    [Fact]
    public void For_LiteralsSharingTheirFirstThreeChars_CountAsOneStartOfAGroup()
    {
        // Arrange: 27 literals that start "nan", 15 with other starts: 16 starts, one group.
        var literals = Enumerable.Range(1, 9).SelectMany(n => new[] { $"nan iterations: {n}", $"nan iterations:  {n}", $"nan iterations:   {n}" })
            .Concat(Literals.Where(l => l.Length >= 3 && l[0] < 128 && l[1] < 128 && l[2] < 128 && !l.Contains("rror", StringComparison.Ordinal)).Take(15))
            .ToArray();

        // Act
        var scanner = new LiteralScanner(literals);

        // Assert
        Assert.Equal(42, scanner.Searched);
        Assert.Equal(1, scanner.Groups);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    public void Next_RandomText_FindsTheLineOfTheEarliestLiteralAndEarliestItsStart(int seed, bool overBytes)
    {
        // Arrange: text made of literal pieces, their prefixes and filler, as UTF-8 bytes (searched over
        // the bytes where the machine has AVX-512 VBMI, else widened as before; overBytes false forces that).
        var random = new Random(seed);
        var fillers = new[] { " ", "\n", "[", "W", "rro", "NVRM:", "é", "Оши", "abc", "[rank3]:", "\r\n", "Bus e", "ECC " };
        var text = new StringBuilder();
        while (text.Length < 20_000)
        {
            var literal = Literals[random.Next(Literals.Length)];
            text.Append(random.Next(4) switch
            {
                0 => literal,
                1 => literal[..random.Next(1, literal.Length)],
                _ => fillers[random.Next(fillers.Length)],
            });
        }

        var wide = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text.ToString()));
        var widened = Literals.Select(l => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(l))).ToArray();
        var bytes = Encoding.Latin1.GetBytes(wide);
        var scanner = new LiteralScanner(Literals, overBytes);
        var state = scanner.NewState();
        state.Reset();

        // Act + Assert: from every position a hit was reported and a little after it.
        var from = 0;
        var hits = 0;
        var later = 0;
        while (from <= wide.Length)
        {
            var expected = widened.Select(l => wide.IndexOf(l, from, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            var hit = state.Next(bytes, from);
            if (expected < 0)
            {
                Assert.Equal(-1, hit);
                break;
            }

            // On the same line as the earliest literal, within the longest literal's length of it.
            Assert.InRange(hit, expected, expected + scanner.Longest - 1);
            Assert.DoesNotContain('\n', wide[expected..hit]);
            Assert.Equal(expected, scanner.Earliest(bytes, from, hit));
            later += hit > expected ? 1 : 0;
            hits++;
            from = expected + 1 + random.Next(3);
        }

        Assert.True(hits > 100);
        Assert.Equal(overBytes && ByteTeddy.IsSupported, scanner.OverBytes);
        Assert.True(later > 0, "no hit inside a literal that holds another one");
    }
}
