namespace Triage.Cli;

/// <summary>
/// Runs a command body with the CLI's error contract: a <see cref="TriageException"/> prints one
/// line and exits with its code; Ctrl+C exits 130 quietly; anything else is a bug, reported as one
/// line (the stack trace only with TRIAGE_DEBUG=1) with exit code 70.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliEnvironment env, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await env.Error.WriteLineAsync("triage: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (TriageException ex)
        {
            await env.Error.WriteLineAsync($"triage: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (Exception ex)
        {
            await env.Error.WriteLineAsync($"triage: internal error ({ex.GetType().Name}): {ex.Message}. Please report it; set TRIAGE_DEBUG=1 for details.").ConfigureAwait(false);
            if (env.GetVariable("TRIAGE_DEBUG") == "1")
            {
                await env.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.InternalError;
        }
    }
}
