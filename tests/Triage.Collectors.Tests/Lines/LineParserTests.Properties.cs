using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Triage.Collectors.Lines;

namespace Triage.Collectors.Tests.Lines;

public sealed partial class LineParserTests
{
    // Pieces of every prefix the parser knows, so that random lines reach deep into each matcher.
    private static readonly string[] Fragments =
    [
        "3: ", " 12: ", "[rank", "[default", "]:", "]", "[", "(pid=", "(Ray pid=", ")", " ", ":", "12", "0", "-",
        "Mar 21 ", "Feb 29 ", "Aug  5 ", "02:07:08", "25:61:61", ".123456", ",123", "2024-03-21", "9999-12-31",
        "0001-01-01", "T", "+00:00", "-0600", "Z", "node-017", "kernel", "kernel - - - ", "[3]", "E0321 ", "W321 ",
        "\u001b[36m", "\u001b", "<15>", "1 ", "NCCL INFO", "Thu ", " 2024]", "99999999999", "\t", "é", "\0", "[ 13.5]",
    ];

    [Property(MaxTest = 2000)]
    public bool Parse_ArbitraryString_NeverThrowsAndContentStartInRange(string? line, DateTime reference)
    {
        var text = line ?? string.Empty;
        var parser = new LineParser(new DateTimeOffset(DateTime.SpecifyKind(reference, DateTimeKind.Utc)));

        var info = parser.Parse(text);

        return info.ContentStart >= 0 && info.ContentStart <= text.Length && info.StreamKey is not null;
    }

    [Property(MaxTest = 3000)]
    public Property Parse_PrefixFragments_NeverThrowAndStayConsistent()
    {
        var lines = Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts));
        var references = Gen.Elements(
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
            new DateTimeOffset(2024, 12, 31, 23, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(-5)));

        return Prop.ForAll(Arb.From(lines), Arb.From(references), (line, reference) =>
        {
            var parser = new LineParser(reference);

            var first = parser.Parse(line);
            var again = parser.Parse(line);

            return first.ContentStart >= 0
                && first.ContentStart <= line.Length
                && (first.Timestamp is null || first.Timestamp.Value.Offset == TimeSpan.Zero)
                && first == again;
        });
    }
}
