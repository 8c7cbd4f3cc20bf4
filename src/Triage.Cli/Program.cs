using Triage.Cli;

return await TriageCli.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);
