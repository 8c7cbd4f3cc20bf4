using System.Diagnostics;

namespace Triage.Reports.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c> package; <c>.ci/run</c> installs it when missing), run on
/// a local file with no network: the DOM after load, and a screenshot.
/// </summary>
internal static class Chromium
{
    public static string Executable { get; } = Find();

    /// <summary>The serialized DOM after the page loaded (scripts, had there been any, would have run).</summary>
    public static Task<string> DumpDomAsync(string htmlFile) => RunAsync(["--dump-dom", new Uri(htmlFile).AbsoluteUri]);

    /// <summary>Writes a PNG of the first screen of <paramref name="htmlFile"/>.</summary>
    public static async Task ScreenshotAsync(string htmlFile, string png, int width, int height)
    {
        await RunAsync(["--hide-scrollbars", $"--window-size={width},{height}", "--screenshot=" + png, new Uri(htmlFile).AbsoluteUri]);
        Assert.True(File.Exists(png), "chromium wrote no screenshot");
    }

    private static async Task<string> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A profile of its own per run: two Chromiums on one profile refuse to start (SingletonLock).
        var profile = Directory.CreateTempSubdirectory("triage-chromium-").FullName;
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await error}");
            return await output;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a helper process may still hold a file for a moment
            }
        }
    }

    private static string Find()
    {
        foreach (var name in new[] { Environment.GetEnvironmentVariable("TRIAGE_CHROMIUM"), "chromium", "chromium-browser" })
        {
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            if (Path.IsPathRooted(name) && File.Exists(name))
            {
                return name;
            }

            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        throw new InvalidOperationException("chromium is not installed: apt-get install chromium (.ci/run installs it), or set TRIAGE_CHROMIUM");
    }
}
