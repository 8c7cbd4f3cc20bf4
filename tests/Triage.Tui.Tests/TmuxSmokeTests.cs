using System.Diagnostics;
using System.Text.Json;
using Triage.Testing;
using Triage.Tui.Tests.Support;

namespace Triage.Tui.Tests;

/// <summary>The real triage binary in a real terminal (tmux), on a copy of samples/torch-sum with a temp store.</summary>
public sealed class TmuxSmokeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "triage-tui-smoke", Guid.NewGuid().ToString("N"));

    public TmuxSmokeTests()
    {
        CopyDirectory(Path.Combine(TestRepository.Root, "samples", "torch-sum"), Path.Combine(_directory, "torch-sum"));
    }

    [Fact]
    public void Tui_VoteInTmuxThenQuit_VoteShowsInAnalyzeJson()
    {
        var triage = TriageDll();
        var exitFile = Path.Combine(_directory, "exit.txt");
        var command = $"cd '{_directory}' && TERM=xterm-256color dotnet '{triage}' --store store.db tui torch-sum --user smoke 2> stderr.txt; echo $? > exit.txt; sleep 5";
        using (var tmux = Tmux.Start(command, 120, 40))
        {
            // The whole first frame: the list, the details rule, the key line and the bottom border (a capture
            // can land while the frame is still being written).
            var first = tmux.WaitFor(
                s => s.Contains("▶   #1", StringComparison.Ordinal) && s.Contains("── details", StringComparison.Ordinal) && s.Contains("q quit", StringComparison.Ordinal) && s.Contains("┘", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90),
                "main screen");
            Assert.Matches(@"run torch-sum · (\d+)/\1 hypotheses · sort evidence · you: smoke", first);
            Assert.Equal(40, first.TrimEnd('\n').Split('\n').Length);

            tmux.SendKeys("+");
            var voted = tmux.WaitFor(s => s.Contains("voted + on h-", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "vote confirmation");
            Assert.Contains("(+smoke); you voted +", voted, StringComparison.Ordinal);

            tmux.SendKeys("q");
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(exitFile) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(200);
            }
        }

        Assert.True(File.Exists(exitFile), "triage tui did not exit after q");
        Assert.Equal("0", File.ReadAllText(exitFile).Trim());
        Assert.Equal(string.Empty, File.ReadAllText(Path.Combine(_directory, "stderr.txt")));

        var json = RunTriage(triage, "--store", "store.db", "analyze", "torch-sum", "--json");
        using var doc = JsonDocument.Parse(json);
        var top = doc.RootElement.GetProperty("hypotheses")[0];
        Assert.Equal(1, top.GetProperty("rank").GetInt32());
        Assert.Equal(1, top.GetProperty("votes").GetProperty("up").GetInt32());
        Assert.Equal(0, top.GetProperty("votes").GetProperty("down").GetInt32());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string TriageDll()
    {
        var found = TestRepository.TriageDll();
        Assert.True(found is not null, "build src/Triage.Cli first: triage.dll is not beside the test binaries");
        return found;
    }

    private string RunTriage(string dll, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"triage {string.Join(' ', args)} exited {process.ExitCode}: {error}");
        return output;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
