using System.Diagnostics;

namespace Triage.Bench.Tui;

/// <summary>Publishes the CLI the way the README installs it for on-call use (Release, linux-x64, self-contained, composite ReadyToRun).</summary>
internal static class Publish
{
    /// <summary>Publishes src/Triage.Cli into <paramref name="directory"/> and returns the binary's path.</summary>
    public static string Cli(string directory)
    {
        var repo = Environment.CurrentDirectory;
        while (!File.Exists(Path.Combine(repo, "Triage.sln")))
        {
            repo = Path.GetDirectoryName(repo) ?? throw new InvalidOperationException("run from the repository (Triage.sln not found above " + Environment.CurrentDirectory + ")");
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repo };
        foreach (var arg in new[] { "publish", "src/Triage.Cli", "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishReadyToRunComposite=true", "-o", directory, "-v", "q", "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        Console.WriteLine($"publishing src/Triage.Cli (self-contained, composite ReadyToRun: minutes the first time) to {directory} ...");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet not found");
        process.WaitForExit();
        return process.ExitCode == 0 ? Path.Combine(directory, "triage") : throw new InvalidOperationException("dotnet publish failed");
    }
}
