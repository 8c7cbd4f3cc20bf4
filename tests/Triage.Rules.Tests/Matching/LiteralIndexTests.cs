using System.Text;
using Triage.Rules.Matching;
using Triage.Rules.Tests.Support;
using Triage.Testing;

namespace Triage.Rules.Tests.Matching;

public class LiteralIndexTests
{
    // Literals that share first pairs, are prefixes of each other, are one char long, are non-ASCII,
    // or whose first pair folds to the same 16 bits as another pair ('Ā' is U+0100, 'ā' U+0101,
    // folded to 0x00 and 0x01 like "\0" and "\u0001"; 'ŁB' folds like 'AB').
    private static readonly string[] Tricky =
    [
        "rror", "rro", "error", "Error:", "or", "o", "#", "é", "é ", "Ошибка", "Оши", "ĀB", "ŁB", "AB", "ABC", "ab",
        "\0\0", "a\0", "āa", "NCCL WARN", "NCCL", "CC", "aaa", "aa", "]:", "[W", "x",
    ];

    [Fact]
    public void FindAll_BuiltInRulesOnSampleLines_SameSetAsContainsPerLiteral()
    {
        // Arrange: the shipped rules and every line of the samples (real failures, real chatter).
        var rules = RuleSet.LoadDirectory(TestRepository.Rules);
        var index = new LiteralIndex(rules.Rules);
        var lines = Directory.EnumerateFiles(Path.Combine(TestRepository.Root, "samples"), "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).Length < 4_000_000)
            .SelectMany(f => File.ReadAllText(f, Encoding.UTF8).Split('\n'))
            .ToList();

        // Act + Assert
        var withLiteral = 0;
        foreach (var line in lines)
        {
            withLiteral += AssertSameAsContains(index, line) ? 1 : 0;
        }

        Assert.True(lines.Count > 1_000, $"{lines.Count} sample lines");
        Assert.True(withLiteral > 100, $"{withLiteral} lines with a literal");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FindAll_RandomLinesOfLiteralPieces_SameSetAsContainsPerLiteral(int seed)
    {
        // Arrange: lines made of the literals, their pieces and chars that fold onto their first pairs.
        var index = new LiteralIndex(SampleRules.Load(RuleWith(Tricky)).Rules);
        var random = new Random(seed);
        var fillers = new[] { " ", "\0", "\u0001", "A", "a", "B", "Ł", "Ā", "ā", "r", "o", "Е", "é", "\uFFFD", "\uD800" };
        var found = 0;

        // Act + Assert
        for (var n = 0; n < 5_000; n++)
        {
            var line = new StringBuilder();
            var length = random.Next(0, 60);
            while (line.Length < length)
            {
                var literal = Tricky[random.Next(Tricky.Length)];
                line.Append(random.Next(3) switch
                {
                    0 => literal,
                    1 => literal[..random.Next(0, literal.Length + 1)],
                    _ => fillers[random.Next(fillers.Length)],
                });
            }

            found += AssertSameAsContains(index, line.ToString()) ? 1 : 0;
        }

        Assert.InRange(found, 1_000, 4_999);
    }

    [Fact]
    public void FindAll_EmptyAndOneCharLines_FindOnlyTheOneCharLiterals()
    {
        // Arrange
        var index = new LiteralIndex(SampleRules.Load(RuleWith(Tricky)).Rules);

        // Act + Assert
        Assert.False(AssertSameAsContains(index, string.Empty));
        Assert.True(AssertSameAsContains(index, "#"));
        Assert.False(AssertSameAsContains(index, "r"));
        Assert.True(AssertSameAsContains(index, "xo"));
    }

    /// <summary>Checks FindAll against one ordinal Contains per literal; true when the line holds a literal.</summary>
    private static bool AssertSameAsContains(LiteralIndex index, string line)
    {
        var expected = new SortedSet<int>();
        for (var i = 0; i < index.Literals.Length; i++)
        {
            if (line.Contains(index.Literals[i], StringComparison.Ordinal))
            {
                expected.Add(i);
            }
        }

        var sink = new Collect(new SortedSet<int>());
        var any = index.FindAll(line, ref sink);
        Assert.Equal(expected, sink.Set);
        Assert.Equal(expected.Count > 0, any);
        return any;
    }

    private static string RuleWith(IEnumerable<string> literals)
    {
        var quoted = string.Join(", ", literals.Select(l => "\"" + string.Concat(l.Select(Escape)) + "\""));
        return $"""
            schemaVersion: 1
            family: test
            rules:
              - id: test.literals
                kind: gpu.xid
                literals: [{quoted}]
                regex: 'x'
                tests:
                  match:
                    - text: "x"
            """;
    }

    private static string Escape(char c) => c switch
    {
        '\0' => "\\0",
        < ' ' => $"\\x{(int)c:x2}",
        _ => c.ToString(),
    };

    private readonly struct Collect(SortedSet<int> set) : ILiteralSink
    {
        public SortedSet<int> Set => set;

        public void Found(int literal) => set.Add(literal);
    }
}
