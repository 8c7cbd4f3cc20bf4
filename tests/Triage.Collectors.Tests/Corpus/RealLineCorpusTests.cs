using Triage.Collectors.Tests.Support;
using Xunit.Abstractions;

namespace Triage.Collectors.Tests.Corpus;

/// <summary>
/// Scores extraction on the real-line corpus (tests/data/real-lines; see its README): recall,
/// precision and benign false alarms on the development part and, separately, on the held-out
/// test part. The floors are what the rules achieved when they were last tuned (on dev only), so a
/// change that loses ground on either part fails here; the numbers and every miss are printed.
/// </summary>
public sealed class RealLineCorpusTests(ITestOutputHelper output)
{
    [Theory]
    // Floors are what the rules achieve, rounded down (dev 0.980 / 0.998 / 0 over 1,568 lines, test
    // 0.864 / 0.966 / 0 over 714). Rules run on the linear-time engine only (the loader refuses
    // lookarounds), so a score is the same on any machine. The seventh round added dev +139 and test
    // +54 lines ("round": 7), committed before any rule change. Its rules, written from the dev lines,
    // raised every floor but test recall: the 660 test lines of before score 0.875 (was 0.867), and
    // the whole part reads 0.864 because it now holds 54 held-out lines scored as they came (0.760).
    // The sixth round's change still holds: only an error-level line no rule knows becomes an error
    // (see the real-lines README). A benign floor of 0 means any new false alarm fails.
    [InlineData("dev", 0.980, 0.997, 0)]
    [InlineData("test", 0.864, 0.965, 0)]
    public async Task Score_Part_AtLeastTheFloors(string part, double minRecall, double minPrecision, int maxBenignFlagged)
    {
        var lines = RealLineCorpus.Load(part);

        // The lines each round added are scored on their own (the README's table keeps them apart);
        // the part's score is their sum. Round 1 is every line from before the third round.
        RealLineScore? score = null;
        foreach (var round in lines.Select(l => l.Round).Distinct().Order())
        {
            var roundScore = await RealLineCorpus.ScoreAsync([.. lines.Where(l => l.Round == round)], TestRules.BuiltIn);
            output.WriteLine($"{part}, {(round == 1 ? "lines before round 3" : $"round {round}")}: {roundScore}");
            score = score is null ? roundScore : score.Plus(roundScore);
        }

        Assert.NotNull(score);
        output.WriteLine($"{part}: {score}");

        // Only the development part is shown line by line: the test part is held out.
        foreach (var miss in part == "dev" ? score.Misses : [])
        {
            output.WriteLine("  miss: " + miss);
        }

        foreach (var wrong in part == "dev" ? score.Wrong : [])
        {
            output.WriteLine("  wrong: " + wrong);
        }

        Assert.True(score.Recall >= minRecall, $"{part} recall {score.Recall:0.000} < {minRecall}");
        Assert.True(score.Precision >= minPrecision, $"{part} precision {score.Precision:0.000} < {minPrecision}");
        Assert.True(score.BenignFlagged <= maxBenignFlagged, $"{part}: {score.BenignFlagged} benign lines flagged > {maxBenignFlagged}");
    }

    [Fact]
    public void Corpus_EveryLine_HasAKnownLabelAndAnAddress()
    {
        var lines = RealLineCorpus.Load("dev").Concat(RealLineCorpus.Load("test")).ToList();

        Assert.All(lines, l => Assert.True(l.IsBenign || Triage.Symptoms.SymptomKinds.IsKnown(l.Expect), l.Expect));
        Assert.All(lines, l => Assert.StartsWith("https://", l.Source, StringComparison.Ordinal));
        Assert.Empty(RealLineCorpus.Load("dev").Select(l => l.Source).Intersect(RealLineCorpus.Load("test").Select(l => l.Source)));
    }
}
