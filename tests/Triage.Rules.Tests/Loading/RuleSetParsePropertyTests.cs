using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Triage.Rules.Tests.Support;

namespace Triage.Rules.Tests.Loading;

public class RuleSetParsePropertyTests
{
    [Property(MaxTest = 500)]
    public Property Parse_AnyText_ThrowsOnlyRuleLoadException() =>
        Prop.ForAll(Generators.RuleText.ToArbitrary(), text =>
        {
            try
            {
                var set = RuleSet.Parse([("fuzz.yaml", text)]);

                // Whatever loaded must also run its own tests without throwing.
                set.RunTests();
                return true;
            }
            catch (RuleLoadException ex)
            {
                return ex.Message.StartsWith("fuzz.yaml", StringComparison.Ordinal);
            }
        });
}
