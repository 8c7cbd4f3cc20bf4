using Triage.Cli;
using Triage.Tui;

StartupTrace.Mark("main");

return await TriageCli.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);
