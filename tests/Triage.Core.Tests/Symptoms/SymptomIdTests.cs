using Triage.Symptoms;

namespace Triage.Core.Tests.Symptoms;

public sealed class SymptomIdTests
{
    [Fact]
    public void Create_SameInputs_SameId()
    {
        Assert.Equal(SymptomId.Create("run", "node-1/kern.log", 4096, "kernel.xid"), SymptomId.Create("run", "node-1/kern.log", 4096, "kernel.xid"));
    }

    [Theory]
    [InlineData("run2", "a.log", 10, "r")]
    [InlineData("run", "b.log", 10, "r")]
    [InlineData("run", "a.log", 11, "r")]
    [InlineData("run", "a.log", 10, "q")]
    public void Create_AnyPartDiffers_IdDiffers(string run, string source, long offset, string rule)
    {
        Assert.NotEqual(SymptomId.Create("run", "a.log", 10, "r"), SymptomId.Create(run, source, offset, rule));
    }

    [Fact]
    public void Create_PartsThatConcatenateAlike_DoNotCollide()
    {
        Assert.NotEqual(SymptomId.Create("ab", "c", 1, "r"), SymptomId.Create("a", "bc", 1, "r"));
    }

    [Fact]
    public void Create_Format_IsPrefixedLowerHex()
    {
        var id = SymptomId.Create("run", "a.log", 0, "r");

        Assert.Matches("^s-[0-9a-f]{20}$", id);
    }
}
