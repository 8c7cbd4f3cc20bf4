using Triage.Runs;

namespace Triage.Core.Tests.Runs;

public sealed class PciBusIdTests
{
    [Theory]
    [InlineData("0000:18:00.0")]
    [InlineData("0000:18:00")]
    [InlineData("00000000:18:00.0")]
    [InlineData("PCI:0000:18:00")]
    [InlineData("18:00.0")]
    [InlineData("  0000:18:00.0 ")]
    [InlineData("18000")]
    public void TryGetKey_SpellingsOfOneDevice_SameKey(string spelling)
    {
        Assert.True(PciBusId.TryGetKey("0000:18:00.0", out var expected));

        Assert.True(PciBusId.TryGetKey(spelling, out var key));

        Assert.Equal(expected, key);
    }

    [Fact]
    public void TryGetKey_HexCase_Ignored()
    {
        Assert.True(PciBusId.TryGetKey("0000:2a:00.0", out var lower));
        Assert.True(PciBusId.TryGetKey("0000:2A:00.0", out var upper));

        Assert.Equal(lower, upper);
    }

    [Fact]
    public void TryGetKey_OtherBusOrDomain_DifferentKeys()
    {
        PciBusId.TryGetKey("0000:18:00.0", out var a);
        PciBusId.TryGetKey("0000:19:00.0", out var b);
        PciBusId.TryGetKey("0001:18:00.0", out var c);

        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("not-a-bus")]
    [InlineData("0000:18:00.x")]
    [InlineData("0000:1800:00.0")]
    [InlineData("000000000:18:00.0")]
    [InlineData("zz:00.0")]
    public void TryGetKey_Garbage_False(string? text)
    {
        Assert.False(PciBusId.TryGetKey(text, out _));
    }
}
