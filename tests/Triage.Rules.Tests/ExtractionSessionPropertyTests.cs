using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Triage.Rules.Tests.Support;

namespace Triage.Rules.Tests;

public class ExtractionSessionPropertyTests
{
    private static readonly RuleSet Set = SampleRules.Load(SampleRules.Kernel, SampleRules.Python);

    [Property(MaxTest = 300)]
    public Property Process_AnyLines_NeverThrowsAndRespectsBounds() =>
        Prop.ForAll(Generators.Log.ToArbitrary(), log =>
        {
            var session = Set.CreateSession<int>();
            var output = new List<RuleMatch<int>>();
            for (var i = 0; i < log.Length; i++)
            {
                session.Process(log[i].Line, log[i].Stream, i, i, output);
            }

            session.Flush(output);
            return !session.HasOpenBlocks && output.TrueForAll(WithinBounds);
        });

    [Property(MaxTest = 200)]
    public Property Process_PrefilteredFeed_EqualsFullFeed() =>
        Prop.ForAll(Generators.Log.ToArbitrary(), log =>
        {
            var lines = log.Select(l => l.Line).ToArray();
            string Stream(int i) => log[i].Stream;
            var all = SessionDriver.FeedAll(Set, lines, Stream);
            var filtered = SessionDriver.FeedPrefiltered(Set, lines, Stream);
            return all.Select(Key).SequenceEqual(filtered.Select(Key));
        });

    private static bool WithinBounds(RuleMatch<int> match) =>
        match.Message.Length <= RuleLimits.MaxMessageChars
        && match.Signature.Length is > 0 and <= RuleLimits.MaxSignatureChars
        && match.LineCount >= 1
        && match.Attrs.Values.All(v => v.Length <= RuleLimits.MaxAttrValueChars);

    private static string Key(RuleMatch<int> m) =>
        $"{m.Rule.Id}@{m.Start}+{m.LineCount}:{m.Signature}:{string.Join(",", m.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal))}:{m.Message}";
}
