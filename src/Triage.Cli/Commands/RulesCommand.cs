using System.CommandLine;
using System.Globalization;
using Triage.Cli.Output;
using Triage.Symptoms;

namespace Triage.Cli.Commands;

/// <summary><c>triage rules list</c> and <c>triage rules test [FILE]</c>.</summary>
internal static class RulesCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var list = new Command("list", "List the extraction rules");
        list.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var rules = RulesLocation.Load(parse.GetValue(global.Rules), env);
            var table = new TextTable("RULE", "KIND", "CATEGORY", "SEVERITY", "FILE");
            foreach (var rule in rules.Rules)
            {
                table.Add(rule.Id, rule.Kind, Names.Of(rule.Category), Names.Of(rule.Severity), Path.GetFileName(rule.File));
            }

            await table.WriteAsync(env.Out).ConfigureAwait(false);
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{rules.Rules.Count} rules in {rules.Files.Count} files ({RulesLocation.Resolve(parse.GetValue(global.Rules), env)})")).ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));

        var file = new Argument<string?>("FILE") { Description = "Only the rules of this file (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var test = new Command("test", "Run every rule's own test lines (must match / must not match)") { file };
        test.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var only = parse.GetValue(file);
            var rules = only is null
                ? RulesLocation.Load(parse.GetValue(global.Rules), env)
                : Triage.Rules.RuleSet.LoadFiles([env.Resolve(only)]);
            var report = rules.RunTests();
            foreach (var failure in report.Failures)
            {
                await env.Out.WriteLineAsync($"FAIL {failure}").ConfigureAwait(false);
            }

            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{report.Passed} passed, {report.Failed} failed ({rules.Rules.Count} rules)")).ConfigureAwait(false);
            return report.AllPassed ? ExitCodes.Success : ExitCodes.RuleError;
        }, ct));

        return new Command("rules", "Inspect and test extraction rules") { list, test };
    }
}
