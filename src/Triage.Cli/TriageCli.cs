using System.CommandLine;
using System.CommandLine.Help;
using Triage.Cli.Commands;

namespace Triage.Cli;

/// <summary>The <c>triage</c> command line: builds the command tree and runs one invocation.</summary>
internal static class TriageCli
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        var root = Build(env);
        var parsed = root.Parse(args);
        var config = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false };
        if (parsed.Errors.Count > 0 && !IsHelpOrVersion(args))
        {
            foreach (var error in parsed.Errors)
            {
                await env.Error.WriteLineAsync($"triage: {error.Message}").ConfigureAwait(false);
            }

            await env.Error.WriteLineAsync("Run 'triage --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsHelpOrVersion(string[] args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "--version");

    internal static Command Build(CliEnvironment env)
    {
        var options = new GlobalOptions();

        // A plain root named "triage" rather than RootCommand, whose name is the host process's
        // (e.g. "testhost" under tests), so help reads the same everywhere.
        var root = new Command(
            "triage",
            "Triage finds the root cause of failures in large distributed training runs.\n" +
            "Exit codes: 0 ok, 1 failure, 2 usage, 3 rule error, 4 store error, 5 partial (some inputs failed), 70 internal error, 130 cancelled.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(options.Store);
        root.Options.Add(options.Rules);
        root.Options.Add(options.Insecure);
        root.Subcommands.Add(AnalyzeCommand.Create(options, env));
        root.Subcommands.Add(CollectCommand.Create(options, env));
        root.Subcommands.Add(CollectEsCommand.Create(options, env));
        root.Subcommands.Add(PullCommand.Create(options, env));
        root.Subcommands.Add(ExtractCommand.Create(options, env));
        root.Subcommands.Add(SymptomsCommand.Create(options, env));
        root.Subcommands.Add(RulesCommand.Create(options, env));
        root.Subcommands.Add(DumpCommand.Create(options, env));
        root.Subcommands.Add(DumpsCommand.Create(options, env));
        root.Subcommands.Add(StatusCommand.Create(options, env));
        root.Subcommands.Add(SimulateCommand.Create(options, env));
        root.Subcommands.Add(EvalCommand.Create(options, env));
        root.Subcommands.Add(TuiCommand.Create(options, env));
        root.Subcommands.Add(ReportCommand.Create(options, env));
        root.Subcommands.Add(TemplatesCommand.Create(options, env));
        root.Subcommands.Add(WatchCommand.Create(options, env));
        root.Subcommands.Add(SilenceCommand.Create(options, env));
        return root;
    }
}
