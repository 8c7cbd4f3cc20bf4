using Triage.Correlation.Engine;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>Links chosen one effect at a time can close a loop; the loop's earliest line is where it began.</summary>
public sealed class CollateralLoopTests
{
    [Fact]
    public void BreakCycles_Loop_EarliestBecomesTheFirstFailureAndTheRestStayLinked()
    {
        // 1 → 2 → 3 → 1 (times 3, 1, 2 minutes), and 0 hangs off the loop.
        var o = new[] { At(5), At(3), At(1), At(2) };
        o[0].Parent = 1;
        o[1].Parent = 2;
        o[2].Parent = 3;
        o[3].Parent = 1;

        var broken = CauseChains.BreakCycles(o);

        Assert.Equal(1, broken);
        Assert.Equal([1, 2, -1, 1], o.Select(x => x.Parent));
        Assert.Equal(2, CauseChains.Root(o, 0));
    }

    [Fact]
    public void BreakCycles_Chains_AreLeftAlone()
    {
        var o = Enumerable.Range(0, 200).Select(i => At(i)).ToArray();
        for (var i = 1; i < o.Length; i++)
        {
            o[i].Parent = i - 1;
        }

        Assert.Equal(0, CauseChains.BreakCycles(o));
        Assert.Equal(-1, o[0].Parent);
        Assert.All(o.Skip(1), (x, i) => Assert.Equal(i, x.Parent));
    }

    [Fact]
    public void BreakCycles_LoopLongerThanTheLookBack_IsBroken()
    {
        // 300 links round: beyond the 64 steps the linker looks back when it picks a cause.
        var o = Enumerable.Range(0, 300).Select(i => At(10 + i)).ToArray();
        for (var i = 0; i < o.Length; i++)
        {
            o[i].Parent = (i + 1) % o.Length;
        }

        Assert.Equal(1, CauseChains.BreakCycles(o));
        Assert.Equal(-1, o[0].Parent);
        Assert.All(Enumerable.Range(0, o.Length), i => Assert.Equal(0, CauseChains.Root(o, i)));
    }

    private static Observation At(double minutes)
    {
        var s = new Symptom
        {
            Id = "s-" + minutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Run = "r",
            Timestamp = TestRun.T0.AddMinutes(minutes),
            Kind = "nccl.timeout",
            Category = SymptomCategory.Software,
            Severity = Severity.Error,
            Signature = "t",
            Message = "t",
            Source = new SymptomSource("a.log", 1, 0),
            Rule = "t",
            Attrs = new Dictionary<string, string>(StringComparer.Ordinal),
        };
        return new Observation(s, 1, s.Timestamp, isGroup: false);
    }
}
