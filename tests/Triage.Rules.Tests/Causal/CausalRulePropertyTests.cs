using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Triage.Rules.Causal;
using Triage.Rules.Tests.Causal.Support;
using Triage.Symptoms;

namespace Triage.Rules.Tests.Causal;

/// <summary>Explains honours the window exactly, and a scope never holds on a missing field.</summary>
public class CausalRulePropertyTests
{
    private static readonly CausalScope[] FieldScopes = [CausalScope.Host, CausalScope.Gpu, CausalScope.Rank, CausalScope.Process];

    [Property]
    public Property Explains_TrueExactlyInsideWindow_WhenKindsAndScopeHold() =>
        Prop.ForAll(WindowCases.ToArbitrary(), c =>
        {
            // Arrange
            var rule = new CausalRule(
                "w", "d", new CausalMatch { Kinds = [c.CauseKind] }, new CausalMatch { Kinds = [c.EffectKind] }, c.Scope, c.Before, c.After);
            var cause = Symptom("c", c.CauseKind, CausalGenerators.Epoch);
            var effect = Symptom("e", c.EffectKind, CausalGenerators.Epoch + c.Delta);
            var inside = c.Delta >= -c.Before && c.Delta <= c.After;

            // Act
            var explains = rule.Explains(cause, effect);
            var viaSet = new CausalRuleSet([rule]).Explains(cause, effect);

            // Assert
            return (explains == inside && viaSet == inside).Label($"delta {c.Delta}, window -{c.Before}..+{c.After}: explains {explains}");
        });

    [Property]
    public Property ScopeHolds_MissingFieldOnEitherSide_NeverHolds() =>
        Prop.ForAll(
            Gen.Elements(FieldScopes).ToArbitrary(),
            CausalGenerators.TestSymptom("a").ToArbitrary(),
            CausalGenerators.TestSymptom("b").ToArbitrary(),
            (scope, a, b) =>
            {
                // Arrange
                var missing = Needs(scope).Any(field => field(a) is null || field(b) is null);
                var rule = new CausalRule("s", "d", new CausalMatch(), new CausalMatch { Kinds = [b.Kind] }, scope, CausalLimits.MaxWindow, CausalLimits.MaxWindow);
                var sameRun = b with { Run = a.Run };

                // Act
                var holds = CausalRule.ScopeHolds(scope, a, b);
                var explains = rule.Explains(a, sameRun);

                // Assert
                return (!missing || (!holds && !explains)).Label($"{scope}: holds {holds}, explains {explains}");
            });

    [Property]
    public Property ScopeHolds_AllFieldsKnownAndEqual_Holds() =>
        Prop.ForAll(Gen.Elements(Enum.GetValues<CausalScope>()).ToArbitrary(), CausalGenerators.TestSymptom("a").ToArbitrary(), (scope, a) =>
        {
            // Arrange
            var known = a with { Host = a.Host ?? "h", Rank = a.Rank ?? 1, Gpu = a.Gpu ?? 2, Pid = a.Pid ?? 3 };

            // Act + Assert
            return CausalRule.ScopeHolds(scope, known, known with { Id = "b", Kind = "nccl.timeout" });
        });

    private static Gen<(string CauseKind, string EffectKind, CausalScope Scope, TimeSpan Before, TimeSpan After, TimeSpan Delta)> WindowCases =>
        from causeKind in Gen.Elements(SymptomKinds.All.Select(k => k.Name).ToArray())
        from effectKind in Gen.Elements(SymptomKinds.All.Select(k => k.Name).ToArray())
        from scope in Gen.Elements(Enum.GetValues<CausalScope>())
        from before in CausalGenerators.Window
        from after in CausalGenerators.Window
        from delta in Gen.OneOf(
            Gen.Choose(-2 * (int)CausalLimits.MaxWindow.TotalSeconds, 2 * (int)CausalLimits.MaxWindow.TotalSeconds).Select(s => TimeSpan.FromSeconds(s)),
            Gen.Elements(-before, after, -before - TimeSpan.FromTicks(1), after + TimeSpan.FromTicks(1), TimeSpan.Zero),
            Gen.Choose(-1000, 1000).Select(ms => after + TimeSpan.FromMilliseconds(ms)),
            Gen.Choose(-1000, 1000).Select(ms => -before + TimeSpan.FromMilliseconds(ms)))
        select (causeKind, effectKind, scope, before, after, delta);

    private static Func<Symptom, object?>[] Needs(CausalScope scope) => scope switch
    {
        CausalScope.Host => [s => s.Host],
        CausalScope.Gpu => [s => s.Host, s => s.Gpu],
        CausalScope.Rank => [s => s.Rank],
        CausalScope.Process => [s => s.Host, s => s.Pid],
        _ => [],
    };

    private static Symptom Symptom(string id, string kind, DateTimeOffset time) => new()
    {
        Id = id,
        Run = "r",
        Kind = kind,
        Timestamp = time,
        Host = "node-1",
        Rank = 3,
        Gpu = 3,
        Pid = 99,
        Signature = kind,
        Message = string.Empty,
        Source = new SymptomSource("x", 1, 0),
        Rule = "t",
    };
}
