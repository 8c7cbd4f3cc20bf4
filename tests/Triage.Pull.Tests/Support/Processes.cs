using System.Diagnostics;

namespace Triage.Pull.Tests.Support;

/// <summary>Runs a local program to completion (ssh-keygen, the triage executable).</summary>
internal static class Processes
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task KeygenAsync(string path)
    {
        var (code, _, error) = await RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "triage-test", "-f", path]);
        Assert.True(code == 0, "ssh-keygen failed: " + error);
    }
}
