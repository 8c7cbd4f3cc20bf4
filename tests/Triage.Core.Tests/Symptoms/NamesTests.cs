using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Core.Tests.Symptoms;

public sealed class NamesTests
{
    [Fact]
    public void Of_EveryMember_RoundTripsThroughTryParse()
    {
        Assert.All(Enum.GetValues<SymptomCategory>(), c => Assert.True(Names.TryParse<SymptomCategory>(Names.Of(c), out var back) && back == c));
        Assert.All(Enum.GetValues<Severity>(), s => Assert.True(Names.TryParse<Severity>(Names.Of(s), out var back) && back == s));
        Assert.All(Enum.GetValues<CollectorFailureKind>(), k => Assert.True(Names.TryParse<CollectorFailureKind>(Names.Of(k), out var back) && back == k));
    }

    [Fact]
    public void Of_Names_AreTheDesignNames()
    {
        Assert.Equal(["unknown", "hardware", "network", "software", "data", "resource", "scheduler"], Names.All<SymptomCategory>());
        Assert.Equal(["info", "warning", "error", "critical"], Names.All<Severity>());
    }

    [Fact]
    public void Of_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Names.Of((Severity)42));
    }

    [Theory]
    [InlineData("Hardware", true)]
    [InlineData("HARDWARE", true)]
    [InlineData("hard", false)]
    [InlineData(null, false)]
    public void TryParseCategory_IgnoresCaseOnly(string? text, bool ok)
    {
        Assert.Equal(ok, Names.TryParseCategory(text, out _));
    }
}
