using Microsoft.Extensions.Time.Testing;
using Triage.Testing;

namespace Triage.Cli.Tests.Support;

/// <summary>Runs the real CLI in-process with captured output, a temp working directory and a fake clock.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun()
    {
        WorkDir = Path.Combine(Path.GetTempPath(), "triage-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(WorkDir);
    }

    public string WorkDir { get; }

    public Dictionary<string, string?> Variables { get; } = [];

    public static string RepoRoot => TestRepository.Root;

    /// <summary>The clock the CLI sees; default a fake one at 2026-11-23 12:00Z (a real Alertmanager needs the real one).</summary>
    public TimeProvider Time { get; set; } = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunAsync(new StringWriter(), CancellationToken.None, args);

    /// <summary>Runs with a chosen stdout (a test can watch it) and a token (Ctrl+C).</summary>
    public async Task<(int Code, string Out, string Error)> RunAsync(TextWriter output, CancellationToken cancellationToken, params string[] args)
    {
        var error = new StringWriter();
        var env = new CliEnvironment(output, TextWriter.Synchronized(error), name => Variables.GetValueOrDefault(name), WorkDir, Time, ErrorIsTerminal: false);
        var code = await TriageCli.RunAsync(args, env, cancellationToken);
        return (code, output.ToString()!, error.ToString());
    }

    /// <summary>Copies a bundled sample into the work directory (<see cref="TestRepository.CopySample"/>).</summary>
    public string CopySample(string name) => TestRepository.CopySample(name, WorkDir);

    /// <summary>Replaces machine-specific paths so output can be compared with approved files.</summary>
    public string Scrub(string text) =>
        text.Replace(WorkDir, "<work>", StringComparison.Ordinal)
            .Replace(RepoRoot, "<repo>", StringComparison.Ordinal)
            .Replace(AppContext.BaseDirectory.TrimEnd('/'), "<bin>", StringComparison.Ordinal);

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
