namespace Triage.Cli;

/// <summary>
/// Everything a command reads from its surroundings, so tests run the real CLI in-process:
/// output writers, environment variables, the working directory, the clock, whether stderr is a terminal.
/// </summary>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    Func<string, string?> GetVariable,
    string CurrentDirectory,
    TimeProvider Time,
    bool ErrorIsTerminal)
{
    public static CliEnvironment FromProcess() => new(
        Console.Out,
        Console.Error,
        Environment.GetEnvironmentVariable,
        Environment.CurrentDirectory,
        TimeProvider.System,
        !Console.IsErrorRedirected);

    /// <summary>Resolves a user-given path against <see cref="CurrentDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, CurrentDirectory);
}
