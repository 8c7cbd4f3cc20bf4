using Triage.Rules;

namespace Triage.Cli;

/// <summary>
/// Where the rules are: <c>--rules DIR</c>, else <c>TRIAGE_RULES</c>, else the <c>rules</c> folder
/// installed beside the executable (the built-in rules).
/// </summary>
internal static class RulesLocation
{
    public static string Resolve(string? option, CliEnvironment env)
    {
        var given = option ?? env.GetVariable("TRIAGE_RULES");
        return given is null ? Path.Combine(AppContext.BaseDirectory, "rules") : env.Resolve(given);
    }

    public static RuleSet Load(string? option, CliEnvironment env)
    {
        var dir = Resolve(option, env);
        if (!Directory.Exists(dir))
        {
            throw new TriageException($"rules directory '{dir}' does not exist; pass --rules DIR", ExitCodes.RuleError);
        }

        return RuleSet.LoadDirectory(dir);
    }
}
