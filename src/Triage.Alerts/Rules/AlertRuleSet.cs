using System.Text;
using Triage.Rules;

namespace Triage.Alerts.Rules;

/// <summary>
/// The alert rules and the route of <c>rules/alerts/*.yaml</c> (files in name order; the last file
/// with a <c>route:</c> block sets it). Immutable and thread-safe.
/// </summary>
public sealed class AlertRuleSet
{
    /// <summary>Largest alert rule file read.</summary>
    public const int MaxFileBytes = 1 << 20;

    internal AlertRuleSet(IReadOnlyList<AlertRule> rules, AlertRoute route)
    {
        Rules = rules;
        Route = route;
    }

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>Grouping and repeat interval.</summary>
    public AlertRoute Route { get; }

    /// <summary>Loads every <c>.yaml</c>/<c>.yml</c> file of <paramref name="directory"/>.</summary>
    /// <exception cref="RuleLoadException">The directory cannot be read, a file is malformed, or two rules share a name.</exception>
    public static AlertRuleSet LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new RuleLoadException(directory, 0, 0, null, "alert rule directory not found");
        }

        var paths = Directory.EnumerateFiles(directory)
            .Where(p => Path.GetExtension(p) is ".yaml" or ".yml")
            .Order(StringComparer.Ordinal)
            .ToList();
        return LoadFiles(paths);
    }

    /// <summary>Loads the given files (one <c>--alerts FILE</c>, or a directory's files).</summary>
    /// <exception cref="RuleLoadException">A file is missing, too large or malformed, or two rules share a name.</exception>
    public static AlertRuleSet LoadFiles(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var rules = new List<AlertRule>();
        var route = new AlertRoute();
        foreach (var path in paths)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new RuleLoadException(path, 0, 0, null, "alert rule file not found");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new RuleLoadException(path, 0, 0, null, $"alert rule file larger than {MaxFileBytes} bytes");
            }

            var (fileRules, fileRoute) = AlertRuleParser.Parse(path, File.ReadAllText(path, Encoding.UTF8));
            foreach (var rule in fileRules)
            {
                if (rules.FirstOrDefault(r => r.Name == rule.Name) is { } twin)
                {
                    throw new RuleLoadException(path, 0, 0, rule.Name, $"alert rule '{rule.Name}' is also defined in {twin.Source}");
                }

                rules.Add(rule);
            }

            route = fileRoute ?? route;
        }

        return new AlertRuleSet(rules, route);
    }
}
