using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Triage.Pull.Slurm;

/// <summary>Runs a program on this machine with <see cref="ProcessStartInfo.ArgumentList"/> (no shell).</summary>
public sealed class LocalCommandRunner : ICommandRunner
{
    private const int MaxLines = 1_000_000;

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> RunAsync(string program, IReadOnlyList<string> arguments, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException($"'{program}' did not start");
        }
        catch (Win32Exception ex)
        {
            throw new IOException($"'{program}' cannot run here: {ex.Message}", ex);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            var count = 0;
            while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (++count <= MaxLines)
                {
                    yield return line;
                }
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var stderr = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var first = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
                throw new IOException($"'{program}' exited with {process.ExitCode}" + (first.Length > 0 ? ": " + Triage.Text.TerminalText.Sanitize(first, 300) : string.Empty));
            }
        }
    }
}
