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

    [Fact]
    public void EchoFinder_AbortAfterItsWatchdogErrorAndInfoCompanion_EchoesTheError()
    {
        // A rank's watchdog error, its info-level companion in the same second, then the abort: the
        // abort echoes the error line. Echoing the nearest (the companion, listed after the error)
        // (here listed first) made the companion a hang's first failure at 256 ranks, and an info line counts for nothing.
        var error = At(300, rank: 5);
        var companion = At(300, rank: 5, Severity.Info, ("echo", "Process group watchdog thread terminated with exception"));
        var abort = At(300, rank: 5, Severity.Error, ("exception", "c10::DistBackendError"));
        abort = new Observation(abort.Symptom with { Id = "abort", Kind = "proc.abort", TimeInferred = true }, 1, abort.Symptom.Timestamp, isGroup: false);
        companion = new Observation(companion.Symptom with { Id = "companion" }, 1, companion.Symptom.Timestamp, isGroup: false);
        var rules = Rules.Causal.CausalRuleSet.LoadDirectory(Path.Combine(Testing.TestRepository.Rules, "causal"));

        // The companion first: lines of one second are ordered by id, so either may come first.
        var (echoes, echoOf, _) = EchoFinder.Find([companion, error, abort], rules, new HashSet<string>(["nccl.timeout", "nccl.error"], StringComparer.Ordinal));

        Assert.True(echoes[2]);
        Assert.Equal(1, echoOf[2]);
    }

    private static Observation At(double minutes, int? rank = null, Severity severity = Severity.Error, params (string Key, string Value)[] attrs)
    {
        var s = new Symptom
        {
            Id = "s-" + minutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Run = "r",
            Timestamp = TestRun.T0.AddMinutes(minutes),
            Kind = "nccl.timeout",
            Category = SymptomCategory.Software,
            Rank = rank,
            Severity = severity,
            Signature = "t",
            Message = "t",
            Source = new SymptomSource("a.log", 1, 0),
            Rule = "t",
            Attrs = attrs.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
        };
        return new Observation(s, 1, s.Timestamp, isGroup: false);
    }
}
