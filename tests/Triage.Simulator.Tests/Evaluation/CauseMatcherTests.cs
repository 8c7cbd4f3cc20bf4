using Triage.Simulator.Evaluation;
using Triage.Hypotheses;
using Triage.Symptoms;
using static Triage.Simulator.Tests.Evaluation.EvalFixtures;

namespace Triage.Simulator.Tests.Evaluation;

public sealed class CauseMatcherTests
{
    [Fact]
    public void Matches_AllFactorsOfAnAlternativeAmongHypothesisFactors_True()
    {
        var cause = Cause("gpu-lost", SymptomCategory.Hardware, [F("host", "node-018"), F("gpu", "5")]);
        var hypothesis = HypothesisOf("h1", 1, SymptomCategory.Software, F("gpu", "5"), F("host", "node-018"), F("xid", "79"));

        Assert.True(CauseMatcher.Matches(cause, hypothesis));
    }

    [Fact]
    public void Matches_OneFactorOfTheAlternativeMissing_False()
    {
        var cause = Cause("gpu-lost", SymptomCategory.Hardware, [F("host", "node-018"), F("gpu", "5")]);
        var hypothesis = HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-018"));

        Assert.False(CauseMatcher.Matches(cause, hypothesis));
    }

    [Fact]
    public void Matches_SecondAlternativeHolds_True()
    {
        var cause = Cause("ecc", SymptomCategory.Hardware, [F("host", "node-003"), F("gpu", "2")], [F("host", "node-003")]);
        var hypothesis = HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-003"));

        Assert.True(CauseMatcher.Matches(cause, hypothesis));
    }

    [Theory]
    [InlineData("Host", "node-018")]
    [InlineData("host", "Node-018")]
    [InlineData("host", "node-018 ")]
    public void Matches_KeyOrValueDiffersOrdinally_False(string key, string value)
    {
        var cause = Cause("gpu-lost", SymptomCategory.Hardware, [F("host", "node-018")]);
        var hypothesis = HypothesisOf("h1", 1, SymptomCategory.Hardware, F(key, value));

        Assert.False(CauseMatcher.Matches(cause, hypothesis));
    }

    [Theory]
    [InlineData("node-[005-008]", true)]
    [InlineData("node-005,node-006,node-[007-008]", true)]
    [InlineData("node-005.cluster.local,node-[006-008]", true)] // a short name stands for its FQDN
    [InlineData("node-[005-007]", false)] // one host short
    [InlineData("node-[005-009]", false)] // one host too many
    [InlineData("node-[005-", false)] // not a host list
    public void Matches_HostSet_SameSetHoweverWritten(string named, bool expected)
    {
        var cause = Cause("ib-flap", SymptomCategory.Network, [F("switch", "ib-leaf-02")], [F(CauseMatcher.HostsKey, "node-[005-008]")]);

        Assert.Equal(expected, CauseMatcher.Matches(cause, HypothesisOf("h1", 1, SymptomCategory.Network, F("hosts", named))));
        Assert.False(CauseMatcher.Matches(cause, HypothesisOf("h2", 1, SymptomCategory.Network, F("host", "node-005"))));
    }

    [Fact]
    public void Matches_EmptyAlternative_MatchesNothing()
    {
        var cause = Cause("race", SymptomCategory.Software, Array.Empty<Factor>());

        // "Nothing was found" is not an answer: a factorless hypothesis of the right category does not name a race.
        Assert.False(CauseMatcher.Matches(cause, HypothesisOf("h1", 1, SymptomCategory.Software)));
        Assert.False(CauseMatcher.Matches(cause, HypothesisOf("h2", 1, SymptomCategory.Software, F("host", "node-001"))));
    }

    [Fact]
    public void Matches_SpreadPattern_NeedsTheEngineToNameTheSpread()
    {
        var cause = Cause("race", SymptomCategory.Software, [Factor.Spread]);

        Assert.True(CauseMatcher.Matches(cause, HypothesisOf("h1", 1, SymptomCategory.Software, Factor.Spread)));
        Assert.False(CauseMatcher.Matches(cause, HypothesisOf("h2", 1, SymptomCategory.Software)));
    }

    [Fact]
    public void BestMatch_SeveralMatch_LowestRankWins()
    {
        var cause = Cause("shard", SymptomCategory.Data, [F("data_shard", "web-0412")]);
        var hypotheses = new[]
        {
            HypothesisOf("h1", 1, SymptomCategory.Hardware, F("host", "node-001")),
            HypothesisOf("h3", 3, SymptomCategory.Data, F("data_shard", "web-0412")),
            HypothesisOf("h2", 2, SymptomCategory.Software, F("data_shard", "web-0412"), F("frame", "sum_kernel")),
        };

        var best = CauseMatcher.BestMatch(cause, hypotheses);

        Assert.Equal(("h2", 2), (best!.Value.Hypothesis.Id, best.Value.Rank));
    }

    [Fact]
    public void BestMatch_NoneMatches_Null()
    {
        var cause = Cause("shard", SymptomCategory.Data, [F("data_shard", "web-0412")]);

        Assert.Null(CauseMatcher.BestMatch(cause, [HypothesisOf("h1", 1, SymptomCategory.Data, F("data_shard", "web-0413"))]));
    }
}
