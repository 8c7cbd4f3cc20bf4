using System.CommandLine;
using System.Globalization;
using Triage.Cli.Output;
using Triage.Rules.Causal;
using Triage.Symptoms;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage rules list</c> and <c>triage rules test [FILE]</c>, over the extraction rules of the rules
/// directory and the causal rules of its <c>causal</c> subfolder.
/// </summary>
internal static class RulesCommand
{
    /// <summary>The subfolder of the rules directory that holds the causal rules.</summary>
    public const string CausalFolder = "causal";
    public const string AlertsFolder = "alerts";

    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var list = new Command("list", "List the extraction rules and the causal rules");
        list.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var rules = RulesLocation.Load(parse.GetValue(global.Rules), env);
            var directory = RulesLocation.Resolve(parse.GetValue(global.Rules), env);
            var causal = CausalRuleSet.LoadDirectory(Path.Combine(directory, CausalFolder));
            var table = new TextTable("RULE", "KIND", "CATEGORY", "SEVERITY", "FILE");
            foreach (var rule in rules.Rules)
            {
                table.Add(rule.Id, rule.Kind, Names.Of(rule.Category), Names.Of(rule.Severity), Path.GetFileName(rule.File));
            }

            await table.WriteAsync(env.Out).ConfigureAwait(false);
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{rules.Rules.Count} rules in {rules.Files.Count} files ({directory})")).ConfigureAwait(false);
            if (causal.Rules.Count > 0)
            {
                var causalTable = new TextTable("CAUSAL RULE", "SCOPE", "WINDOW", "FILE", "EFFECT");
                foreach (var rule in causal.Rules)
                {
                    causalTable.Add(rule.Id, Names.Of(rule.Scope), rule.WindowText, Path.GetFileName(rule.File), rule.Effect.ToString());
                }

                await env.Out.WriteLineAsync().ConfigureAwait(false);
                await causalTable.WriteAsync(env.Out).ConfigureAwait(false);
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{causal.Rules.Count} causal rules in {causal.Files.Count} files ({Path.Combine(directory, CausalFolder)})")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, ct));

        var file = new Argument<string?>("FILE")
        {
            Description = $"Only the rules of this file (default: all); a file in a '{CausalFolder}' folder holds causal rules",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var test = new Command("test", "Run every rule's own tests (extraction: must match / must not match; causal: explains or not)") { file };
        test.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var only = parse.GetValue(file) is { } given ? env.Resolve(given) : null;
            var passed = true;
            if (only is not null && IsIn(only, AlertsFolder))
            {
                return await TestAlertRulesAsync(Triage.Alerts.Rules.AlertRuleSet.LoadFiles([only]), env).ConfigureAwait(false) ? ExitCodes.Success : ExitCodes.RuleError;
            }

            if (only is null || !IsCausal(only))
            {
                var rules = only is null
                    ? RulesLocation.Load(parse.GetValue(global.Rules), env)
                    : Triage.Rules.RuleSet.LoadFiles([only]);
                var report = rules.RunTests();
                foreach (var failure in report.Failures)
                {
                    await env.Out.WriteLineAsync($"FAIL {failure}").ConfigureAwait(false);
                }

                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{report.Passed} passed, {report.Failed} failed ({rules.Rules.Count} rules)")).ConfigureAwait(false);
                passed = report.AllPassed;
            }

            if (only is null || IsCausal(only))
            {
                var causal = only is null
                    ? CausalRuleSet.LoadDirectory(Path.Combine(RulesLocation.Resolve(parse.GetValue(global.Rules), env), CausalFolder))
                    : CausalRuleSet.LoadFiles([only]);
                if (only is not null || causal.Rules.Count > 0)
                {
                    var report = causal.RunTests();
                    foreach (var failure in report.Failures)
                    {
                        await env.Out.WriteLineAsync($"FAIL {failure}").ConfigureAwait(false);
                    }

                    await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{report.Passed} passed, {report.Failed} failed ({causal.Rules.Count} causal rules)")).ConfigureAwait(false);
                    passed &= report.AllPassed;
                }
            }

            var alerts = Path.Combine(RulesLocation.Resolve(parse.GetValue(global.Rules), env), AlertsFolder);
            if (only is null && Directory.Exists(alerts))
            {
                passed &= await TestAlertRulesAsync(Triage.Alerts.Rules.AlertRuleSet.LoadDirectory(alerts), env).ConfigureAwait(false);
            }

            return passed ? ExitCodes.Success : ExitCodes.RuleError;
        }, ct));

        return new Command("rules", "Inspect and test extraction and causal rules") { list, test };
    }

    private static bool IsCausal(string path) => IsIn(path, CausalFolder);

    private static bool IsIn(string path, string folder) =>
        string.Equals(Path.GetFileName(Path.GetDirectoryName(path)), folder, StringComparison.Ordinal);

    /// <summary>Runs the alert rules' own tests (<c>rules/alerts/</c>); prints failures and one summary line.</summary>
    private static async Task<bool> TestAlertRulesAsync(Triage.Alerts.Rules.AlertRuleSet alerts, CliEnvironment env)
    {
        var failures = Triage.Alerts.Rules.AlertRuleTester.Run(alerts, out var tests);
        foreach (var failure in failures)
        {
            await env.Out.WriteLineAsync($"FAIL {TerminalTextOf(failure)}").ConfigureAwait(false);
        }

        await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{tests - failures.Count} passed, {failures.Count} failed ({alerts.Rules.Count} alert rules)")).ConfigureAwait(false);
        return failures.Count == 0;
    }

    private static string TerminalTextOf(string text) => Triage.Text.TerminalText.Sanitize(text);
}
