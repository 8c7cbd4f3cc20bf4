using System.Buffers;
using System.Text;
using Triage.Rules.Loading;
using Triage.Rules.Matching;

namespace Triage.Rules;

/// <summary>
/// The loaded, compiled rules of one or more rule files. Immutable and thread-safe: share one
/// instance and create an <see cref="ExtractionSession{TContext}"/> per source.
/// </summary>
public sealed class RuleSet
{
    private readonly LiteralIndex _index;

    private RuleSet(IReadOnlyList<RuleFile> files, IReadOnlyList<Rule> rules)
    {
        Files = files;
        Rules = rules;
        _index = new LiteralIndex(rules);
        Literals = Array.AsReadOnly(_index.Literals);
    }

    /// <summary>The loaded files, in load order.</summary>
    public IReadOnlyList<RuleFile> Files { get; }

    /// <summary>All rules, file by file in load order, each file's rules in file order.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The distinct union of all rules' literals (e.g. for <c>rg -F -e ...</c> benchmarks).</summary>
    public IReadOnlyList<string> Literals { get; }

    /// <summary>Ordinal search over <see cref="Literals"/>: a line without any of them needs no <c>Process</c> call unless blocks are open.</summary>
    public SearchValues<string> Prefilter => _index.Prefilter;

    /// <summary>Regex timeouts over all sessions so far (only rules with <see cref="Rule.UsesBacktracking"/> can time out).</summary>
    public long RegexTimeouts
    {
        get
        {
            long total = 0;
            foreach (var rule in Rules)
            {
                total += rule.Timeouts;
            }

            return total;
        }
    }

    /// <summary>Loads every <c>*.yaml</c> and <c>*.yml</c> file directly in <paramref name="directory"/>, sorted by name (ordinal).</summary>
    /// <exception cref="RuleLoadException">The directory is missing or unreadable, or a file is invalid.</exception>
    public static RuleSet LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new RuleLoadException(directory, 0, 0, null, "rule directory not found");
        }

        var paths = RuleFileSource.ListYaml(directory, "rule");
        return LoadFiles(paths);
    }

    /// <summary>Loads the given rule files, in the given order.</summary>
    /// <exception cref="RuleLoadException">A file is missing, unreadable, larger than <see cref="RuleLimits.MaxFileBytes"/> or invalid.</exception>
    public static RuleSet LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Parse(RuleFileSource.Read(paths, "rule"));
    }

    /// <summary>Parses rule files given as text; <c>Path</c> only names the file in messages and results.</summary>
    /// <exception cref="RuleLoadException">Any invalid file, duplicate family or rule id, or limit exceeded.</exception>
    public static RuleSet Parse(IEnumerable<(string Path, string Yaml)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var loaded = new List<RuleFile>();
        var rules = new List<Rule>();
        var families = new Dictionary<string, RuleFile>(StringComparer.Ordinal);
        var ids = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var (path, yaml) in files)
        {
            ArgumentNullException.ThrowIfNull(path);
            ArgumentNullException.ThrowIfNull(yaml);
            if (loaded.Count >= RuleLimits.MaxFiles)
            {
                throw new RuleLoadException(path, 0, 0, null, $"more than {RuleLimits.MaxFiles} rule files");
            }

            if (yaml.Length > RuleLimits.MaxFileBytes || Encoding.UTF8.GetByteCount(yaml) > RuleLimits.MaxFileBytes)
            {
                throw new RuleLoadException(path, 0, 0, null, $"rule file larger than {RuleLimits.MaxFileBytes} bytes");
            }

            var file = RuleFileParser.Parse(path, yaml);
            if (!families.TryAdd(file.Family, file))
            {
                throw new RuleLoadException(
                    path, file.FamilyPosition.Line, file.FamilyPosition.Column, null, $"family '{file.Family}' is already defined by {families[file.Family].Path}");
            }

            foreach (var rule in file.Rules)
            {
                if (!ids.TryAdd(rule.Id, rule))
                {
                    var first = ids[rule.Id];
                    throw new RuleLoadException(
                        path, rule.Line, rule.Column, rule.Id, $"duplicate rule id (first defined at {first.File}:{first.Line})");
                }
            }

            rules.AddRange(file.Rules);
            if (rules.Count > RuleLimits.MaxRules)
            {
                throw new RuleLoadException(path, 0, 0, null, $"more than {RuleLimits.MaxRules} rules in all");
            }

            loaded.Add(file);
        }

        return new RuleSet(loaded, rules);
    }

    /// <summary>A new session for one source stream. Sessions are independent; each is single-threaded.</summary>
    public ExtractionSession<TContext> CreateSession<TContext>() => new(Rules, _index);

    /// <summary>
    /// Runs the rules' own tests: every rule's, or only those of the file whose <see cref="RuleFile.Path"/>
    /// (or full path) is <paramref name="file"/>. Each test text runs through a fresh session of the whole set.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="file"/> is not one of <see cref="Files"/>.</exception>
    public RuleTestReport RunTests(string? file = null) => RuleTestRunner.Run(this, file);
}
